import { MalformedResponseError } from '../../http/index.js';
import { groupPath } from './client.js';
import { memberIds } from './mapping.js';
import { canFilterGroups } from './profiles.js';
import { isFilterRefusal, mapAll, type TenantSession } from './session.js';
import { eqFilter, readGroup, readUser, type WireGroup, type WireUser } from './wire.js';

export type MemberReading =
  | { readable: true; how: 'list' | 'get' | 'member filter'; members: Map<string, string[]> }
  | { readable: false; reason: string };

export interface GroupsAndMembers {
  groups: WireGroup[];
  reading: MemberReading;
  /** Every user of the tenant, when reading members needed them all. */
  allUsers?: WireUser[];
}

/** Every user, where the list's end can be proven (else complete: false); `maxPages` stops early. */
export async function listAllUsers(session: TenantSession, signal?: AbortSignal, maxPages?: number): Promise<{ users: WireUser[]; complete: boolean }> {
  const { profile } = session;
  const listed = await session.client.list('Users', {
    pageSize: profile.pageSize,
    paging: profile.paging,
    ...(maxPages === undefined ? {} : { maxPages }),
    ...(signal ? { signal } : {}),
  });
  return { users: listed.resources.map((r) => readUser(r, `GET /Users of tenant ${session.tenantId}`)), complete: listed.complete };
}

function fromGroups(groups: readonly WireGroup[]): Map<string, string[]> {
  return new Map(groups.map((g) => [g.id, memberIds(g.members)]));
}

function anyMembers(groups: readonly WireGroup[]): boolean {
  return groups.some((g) => (g.members?.length ?? 0) > 0);
}

/**
 * Which reading a server follows is detected, never assumed, where the profile marks it uncertain:
 * a group showing members on the list proves the list shows them; else one showing members on GET proves GET
 * does; else a member filter (AWS `members.value eq`) reads them per user; else membership is unreadable, because
 * "every group empty" and "members hidden" look the same.
 */
export async function readGroupsAndMembers(session: TenantSession, listed: readonly WireGroup[], signal?: AbortSignal): Promise<GroupsAndMembers> {
  const { profile } = session;
  let groups = [...listed];
  if (profile.membersOnList === 'shown' || anyMembers(groups)) {
    return { groups, reading: { readable: true, how: 'list', members: fromGroups(groups) } };
  }
  if (groups.length === 0) return { groups, reading: { readable: true, how: 'list', members: new Map() } };
  if (profile.membersOnGet !== 'hidden') {
    const fetched = await mapAll(session, groups, async (g) => {
      const body = await session.client.get(groupPath(g.id), { signal });
      return body === undefined ? undefined : readGroup(body, `GET /Groups/${g.id} of tenant ${session.tenantId}`);
    });
    const present = fetched.filter((g): g is WireGroup => g !== undefined);
    if (profile.membersOnGet === 'shown' || anyMembers(present)) {
      groups = groups.filter((g) => present.some((p) => p.id === g.id));
      return { groups, reading: { readable: true, how: 'get', members: fromGroups(present) } };
    }
  }
  if (canFilterGroups(profile, 'members.value')) {
    const byFilter = await readByMemberFilter(session, groups, signal);
    if ('members' in byFilter) {
      return { groups, reading: { readable: true, how: 'member filter', members: byFilter.members }, allUsers: byFilter.users };
    }
    return { groups, reading: { readable: false, reason: byFilter.reason } };
  }
  return {
    groups,
    reading: {
      readable: false,
      reason: `SCIM profile ${profile.name}: no group shows members on list or GET and the server has no member filter; a tenant whose groups are all empty looks the same, so additive mode is needed until a group has members`,
    },
  };
}

async function readByMemberFilter(
  session: TenantSession,
  groups: readonly WireGroup[],
  signal?: AbortSignal,
): Promise<{ members: Map<string, string[]>; users: WireUser[] } | { reason: string }> {
  const { profile } = session;
  const { users, complete } = await listAllUsers(session, signal);
  if (!complete) return { reason: `SCIM profile ${profile.name}: groups show no members and the user list cannot be read to its end` };
  const members = new Map<string, Set<string>>(groups.map((g) => [g.id, new Set<string>()]));
  try {
    await mapAll(session, users, async (user) => {
      const what = `GET /Groups?filter=members.value of tenant ${session.tenantId}`;
      const listed = await session.client.list('Groups', {
        filter: eqFilter('members.value', user.id),
        pageSize: profile.pageSize,
        paging: profile.paging,
        ...(signal ? { signal } : {}),
      });
      if (!listed.complete) throw new MalformedResponseError(`${what}: the server stopped paging before the end`);
      // A group created since the list was read is not in `members`: it is not part of this load.
      for (const raw of listed.resources) members.get(readGroup(raw, what).id)?.add(user.id);
    });
  } catch (error) {
    if (!isFilterRefusal(error)) throw error;
    return { reason: `SCIM profile ${profile.name}: groups show no members and the server refused the members.value filter (${error.message})` };
  }
  const sorted = new Map([...members].map(([id, set]) => [id, memberIds([...set].map((value) => ({ value })))]));
  return { members: sorted, users };
}
