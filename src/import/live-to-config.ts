import { hasControlCharacter } from '../config/text-rules.js';
import { compareStrings, groupNameKey, loginIdKey } from '../model/normalize.js';
import { quote } from '../render/change-lines.js';
import { printable } from '../util/printable.js';
import { DEFAULT_SSO_ID, liveSsoIds } from '../model/sso.js';
import type { LiveGroup, LiveTenant } from '../model/types.js';

/** A member as import writes it; `{set}` only after `--extract-sets`. */
export type ImportedMember = { loginId: string } | { userId: string } | { set: string };

export interface ImportedGroup {
  name: string;
  externalId?: string;
  /** undefined: the membership could not be read, so it is left unmanaged. */
  members?: ImportedMember[];
}

export interface SkippedGroup {
  name: string;
  reason: string;
}

export interface ImportedTenant {
  tenantId: string;
  /** Descope: the SSO configuration imported, when the tenant's groups span several. */
  ssoId?: string;
  /** Sorted by name. */
  groups: ImportedGroup[];
  /** Live groups the config does not declare, each with the reason. */
  skipped: SkippedGroup[];
  /** What was left out and why, for comments above the tenant. */
  notes: string[];
}

const JIT_REASON = 'SSO-managed (source: jit), so groupform never writes it and it may not be declared';
// A config refuses control characters in names and values (they forge output lines), so such a name cannot be declared.
const CONTROL_NAME_REASON = 'its name or externalId holds control characters (shown escaped), which a config cannot declare, so it stays unmanaged';
const CONTROL_MEMBER_REASON = "a member's user id holds control characters, which a config cannot declare";

/**
 * Descope: a tenant declaration manages one SSO configuration (a SCIM key writes one). When the groups span
 * several, the default one is imported (else the first by id) and `ssoId` says which.
 */
function chooseSsoId(live: LiveTenant): string | undefined {
  const ssoIds = liveSsoIds(live);
  if (ssoIds.length < 2) return undefined;
  return ssoIds.includes(DEFAULT_SSO_ID) ? DEFAULT_SSO_ID : ssoIds[0];
}

/**
 * The config that declares exactly what a tenant holds, so that planning it against the same live state shows no
 * change. Pure: the command loads the live state, this maps it, the renderer writes YAML.
 */
export function importTenant(live: LiveTenant): ImportedTenant {
  const loginIdOf = usableLoginIds(live);
  const groups: ImportedGroup[] = [];
  const skipped: SkippedGroup[] = [];
  const unreadable = new Map<string, string[]>();
  const declaredByKey = new Map<string, string>();
  // By name then id, so which of two same-named groups is kept does not depend on the provider's order.
  const ordered = [...live.groups].sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  const ssoId = chooseSsoId(live);
  for (const group of ordered) {
    if (ssoId !== undefined && (group.ssoId ?? DEFAULT_SSO_ID) !== ssoId) {
      skipped.push({ name: group.name, reason: `in SSO configuration ${group.ssoId ?? DEFAULT_SSO_ID}, not ${ssoId}; a tenant declaration manages one (its ssoId), whose SCIM key writes it` });
      continue;
    }
    if (group.source === 'jit') {
      skipped.push({ name: group.name, reason: JIT_REASON });
      continue;
    }
    if (hasControlCharacter(group.name) || (group.externalId !== undefined && hasControlCharacter(group.externalId))) {
      skipped.push({ name: group.name, reason: CONTROL_NAME_REASON });
      continue;
    }
    const key = groupNameKey(group.name);
    const kept = declaredByKey.get(key);
    if (kept !== undefined) {
      skipped.push({
        name: group.name,
        reason: `same name as ${quote(kept)} apart from case (group id ${printable(group.id)}); a config cannot declare both, so it stays unmanaged`,
      });
      continue;
    }
    declaredByKey.set(key, group.name);
    const membersUnreadable = group.membersUnreadable ?? (group.members.some((m) => hasControlCharacter(m.userId)) ? CONTROL_MEMBER_REASON : undefined);
    groups.push(importGroup(membersUnreadable === undefined ? group : { ...group, membersUnreadable }, loginIdOf));
    if (membersUnreadable !== undefined) unreadable.set(membersUnreadable, [...(unreadable.get(membersUnreadable) ?? []), group.name]);
  }
  skipped.sort((a, b) => compareStrings(a.name, b.name));
  const notes = [
    ...skipped.map((s) => `Left out ${quote(s.name)}: ${s.reason}.`),
    // One note per reason: on a server that hides members, every group shares it.
    ...[...unreadable].map(
      ([reason, names]) =>
        `Members not imported for ${names.map(quote).join(', ')}: ${reason}. Their membership stays unmanaged ` +
        '(members omitted); list members to add them, in additive mode.',
    ),
  ];
  return { tenantId: live.tenantId, ...(ssoId === undefined ? {} : { ssoId }), groups, skipped, notes };
}

function importGroup(group: LiveGroup, loginIdOf: ReadonlyMap<string, string>): ImportedGroup {
  const base: ImportedGroup = { name: group.name, ...(group.externalId === undefined ? {} : { externalId: group.externalId }) };
  if (group.membersUnreadable !== undefined) return base;
  const userIds = [...new Set(group.members.map((m) => m.userId))];
  const byLogin: { loginId: string }[] = [];
  const byUserId: { userId: string }[] = [];
  for (const userId of userIds) {
    const loginId = loginIdOf.get(userId);
    if (loginId === undefined) byUserId.push({ userId });
    else byLogin.push({ loginId });
  }
  byLogin.sort((a, b) => compareStrings(loginIdKey(a.loginId), loginIdKey(b.loginId)) || compareStrings(a.loginId, b.loginId));
  byUserId.sort((a, b) => compareStrings(a.userId, b.userId));
  return { ...base, members: [...byLogin, ...byUserId] };
}

/**
 * userId -> the login id to declare it by. A login id shared (case-insensitively) by two users would resolve to
 * only one of them, so such users are declared by user id instead.
 */
function usableLoginIds(live: LiveTenant): Map<string, string> {
  const candidates = new Map<string, string>();
  for (const user of live.users) {
    // A login id a config cannot hold: the user is declared by user id instead.
    const first = user.loginIds.find((loginId) => !hasControlCharacter(loginId));
    if (first !== undefined) candidates.set(user.userId, first);
  }
  for (const group of live.groups) {
    for (const member of group.members) {
      if (member.loginId !== undefined && !hasControlCharacter(member.loginId) && !candidates.has(member.userId)) candidates.set(member.userId, member.loginId);
    }
  }
  const holders = new Map<string, Set<string>>();
  const hold = (loginId: string, userId: string): void => {
    const key = loginIdKey(loginId);
    const set = holders.get(key) ?? new Set<string>();
    set.add(userId);
    holders.set(key, set);
  };
  for (const user of live.users) for (const loginId of user.loginIds) hold(loginId, user.userId);
  for (const [userId, loginId] of candidates) hold(loginId, userId);
  const usable = new Map<string, string>();
  for (const [userId, loginId] of candidates) {
    if (holders.get(loginIdKey(loginId))?.size === 1) usable.set(userId, loginId);
  }
  return usable;
}
