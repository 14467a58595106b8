import { formatPlace, GroupformError } from '../errors.js';
import { isExpired } from '../model/expiry.js';
import { compareStrings, loginIdKey } from '../model/normalize.js';
import type { DesiredGroup, DesiredTenant, LiveGroup, LiveTenant, ResolvedGroup, SourceRef } from '../model/types.js';
import { matchGroups } from '../plan/match.js';

/** One membership in an access report: declared (and whether it is live), or live and not declared (orphan). */
export interface AccessRow {
  tenant: string;
  group: string;
  loginId: string;
  userId: string;
  /** member: declared and live; pending: declared, not live yet; expired: past its until; orphan: live, not declared. */
  status: 'member' | 'pending' | 'expired' | 'orphan';
  /** When the entry entered the config (git history), as an RFC 3339 time; '' when not known. */
  since: string;
  until: string;
  reason: string;
  ticket: string;
  /** file:line of the declaration; '' for an orphan. */
  source: string;
}

export interface AccessReport {
  asOf: string;
  rows: AccessRow[];
}

/** When the line at a source position entered the config; undefined when history does not say. */
export type SinceLookup = (at: SourceRef) => string | undefined;

/**
 * Every membership of the declared tenants against their live state at `now`. Refuses a partial read: a report
 * that silently misses a page of groups or a group's members would certify access nobody looked at.
 */
export function buildAccessRows(desired: DesiredTenant, live: LiveTenant, now: number, sinceOf: SinceLookup): AccessRow[] {
  if (live.groupsIncomplete !== undefined) {
    throw new GroupformError('REPORT_INCOMPLETE', `tenant ${desired.tenantId}: the report needs every live group, but ${live.groupsIncomplete}`);
  }
  const userIdByLogin = new Map<string, string>();
  const loginIdByUser = new Map<string, string>();
  for (const user of live.users) {
    for (const loginId of user.loginIds) if (!userIdByLogin.has(loginIdKey(loginId))) userIdByLogin.set(loginIdKey(loginId), user.userId);
    if (user.loginIds[0] !== undefined) loginIdByUser.set(user.userId, user.loginIds[0]);
  }
  const declaredOf = new Map<ResolvedGroup, DesiredGroup>();
  const forMatching = desired.groups.map((group) => {
    const { members: _members, ...rest } = group;
    const resolved: ResolvedGroup = rest;
    declaredOf.set(resolved, group);
    return resolved;
  });
  const matched = matchGroups(desired.tenantId, forMatching, live.groups);
  const problem = matched.diagnostics.find((d) => d.severity === 'error');
  if (problem !== undefined) throw new GroupformError(problem.code, problem.message);
  const rows: AccessRow[] = [];
  for (const { desired: resolved, live: target } of matched.matches) {
    const group = declaredOf.get(resolved)!;
    rows.push(...groupRows(desired.tenantId, group, target, now, sinceOf, { userIdByLogin, loginIdByUser }));
  }
  for (const group of [...matched.unmatched, ...matched.readOnly]) {
    readable(desired.tenantId, group);
    for (const m of group.members) rows.push(orphan(desired.tenantId, group.name, m.userId, m.loginId ?? loginIdByUser.get(m.userId) ?? ''));
  }
  return rows.sort(compareRows);
}

interface UserLookup {
  userIdByLogin: Map<string, string>;
  loginIdByUser: Map<string, string>;
}

function groupRows(tenant: string, group: DesiredGroup, live: LiveGroup | undefined, now: number, sinceOf: SinceLookup, users: UserLookup): AccessRow[] {
  if (live !== undefined) readable(tenant, live, group.name);
  const liveIds = new Set(live?.members.map((m) => m.userId) ?? []);
  const declaredIds = new Set<string>();
  const rows: AccessRow[] = [];
  for (const entry of group.members ?? []) {
    const userId = 'userId' in entry ? entry.userId : users.userIdByLogin.get(loginIdKey(entry.loginId)) ?? '';
    const loginId = 'loginId' in entry ? entry.loginId : users.loginIdByUser.get(entry.userId) ?? '';
    if (userId !== '') declaredIds.add(userId);
    const status = isExpired(entry.until, now) ? 'expired' : userId !== '' && liveIds.has(userId) ? 'member' : 'pending';
    rows.push({
      tenant, group: group.name, loginId, userId, status,
      since: sinceOf(entry.at) ?? '',
      until: entry.until ?? '', reason: entry.reason ?? '', ticket: entry.ticket ?? '',
      source: formatPlace(entry.at),
    });
  }
  for (const m of live?.members ?? []) {
    if (!declaredIds.has(m.userId)) rows.push(orphan(tenant, group.name, m.userId, m.loginId ?? users.loginIdByUser.get(m.userId) ?? ''));
  }
  return rows;
}

function readable(tenant: string, group: LiveGroup, label = group.name): void {
  if (group.membersUnreadable !== undefined) {
    throw new GroupformError('REPORT_INCOMPLETE', `tenant ${tenant}, group "${label}": the report needs the live members, but this server cannot list them (${group.membersUnreadable})`);
  }
}

function orphan(tenant: string, group: string, userId: string, loginId: string): AccessRow {
  return { tenant, group, loginId, userId, status: 'orphan', since: '', until: '', reason: '', ticket: '', source: '' };
}

function compareRows(a: AccessRow, b: AccessRow): number {
  return compareStrings(a.tenant, b.tenant) || compareStrings(a.group, b.group) || compareStrings(a.loginId, b.loginId) || compareStrings(a.userId, b.userId);
}
