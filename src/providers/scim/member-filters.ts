import { MalformedResponseError } from '../../http/index.js';
import { memberIds } from './mapping.js';
import { canFilterGroups } from './profiles.js';
import { listAllUsers } from './lists.js';
import { isFilterRefusal, mapAll, type TenantSession } from './session.js';
import { eqFilter, readGroup, readUser, type WireGroup, type WireUser } from './wire.js';

export type FilterReading =
  | { how: 'group filter' | 'member filter'; members: Map<string, string[]>; users?: WireUser[]; memberUsers?: WireUser[] }
  | { reason: string };

const sortedMembers = (members: Map<string, Set<string>>) => new Map([...members].map(([id, set]) => [id, memberIds([...set].map((value) => ({ value })))]));

/**
 * Membership where group reads hide it (AWS): one `GET /Users?filter=groups.value eq "g"` per group (at least one
 * request each), or one `GET /Groups?filter=members.value eq "u"` per user after listing them all. The user
 * list's first pages, read only as far as the groups would cost, tell which is fewer; each way stands in where
 * the server refuses the other (400).
 */
export async function readByMemberFilters(session: TenantSession, groups: readonly WireGroup[], signal?: AbortSignal): Promise<FilterReading> {
  const { profile } = session;
  const perUser = canFilterGroups(profile, 'members.value');
  let users: WireUser[] | undefined;
  if (perUser) {
    const budget = profile.userGroupFilter ? Math.ceil(groups.length / profile.pageSize) + 1 : undefined;
    const listed = await listAllUsers(session, signal, budget);
    if (listed.complete) users = listed.users;
  }
  let refusal: string | undefined;
  if (profile.userGroupFilter && !(users !== undefined && users.length < groups.length)) {
    try {
      const read = await readByGroupFilter(session, groups, signal);
      return { how: 'group filter', ...read, ...(users === undefined ? {} : { users }) };
    } catch (error) {
      if (!isFilterRefusal(error)) throw error;
      refusal = `the server refused the groups.value filter (${error.message})`;
    }
  }
  if (!perUser) return { reason: `SCIM profile ${profile.name}: groups show no members and ${refusal ?? 'the server has no member filter'}` };
  if (users === undefined) {
    const listed = await listAllUsers(session, signal);
    if (!listed.complete) return { reason: `SCIM profile ${profile.name}: groups show no members and the user list cannot be read to its end` };
    users = listed.users;
  }
  try {
    return { how: 'member filter', members: await readByUserFilter(session, groups, users, signal), users };
  } catch (error) {
    if (!isFilterRefusal(error)) throw error;
    return { reason: `SCIM profile ${profile.name}: groups show no members and the server refused the members.value filter (${error.message})` };
  }
}

async function readByGroupFilter(session: TenantSession, groups: readonly WireGroup[], signal?: AbortSignal): Promise<{ members: Map<string, string[]>; memberUsers: WireUser[] }> {
  const { profile } = session;
  const what = `GET /Users?filter=groups.value of tenant ${session.tenantId}`;
  const members = new Map<string, Set<string>>();
  const memberUsers = new Map<string, WireUser>();
  const readGroupMembers = async (group: WireGroup): Promise<void> => {
    // A 404: the group is gone since it was listed (AWS answers 404 for an unknown id in a member filter).
    const listed = await session.client.list('Users', { filter: eqFilter('groups.value', group.id), pageSize: profile.pageSize, paging: profile.paging, notFoundIsEmpty: true, ...(signal ? { stop: { signal } } : {}) });
    if (!listed.complete) throw new MalformedResponseError(`${what}: the server stopped paging before the end`);
    const users = listed.resources.map((r) => readUser(r, what));
    members.set(group.id, new Set(users.map((u) => u.id)));
    for (const user of users) memberUsers.set(user.id, user);
  };
  // The first alone: a server that refuses the filter says so once, not once per group in flight.
  const [first, ...rest] = groups;
  if (first !== undefined) await readGroupMembers(first);
  await mapAll(session, rest, readGroupMembers);
  return { members: sortedMembers(members), memberUsers: [...memberUsers.values()] };
}

async function readByUserFilter(session: TenantSession, groups: readonly WireGroup[], users: readonly WireUser[], signal?: AbortSignal): Promise<Map<string, string[]>> {
  const { profile } = session;
  const what = `GET /Groups?filter=members.value of tenant ${session.tenantId}`;
  const members = new Map<string, Set<string>>(groups.map((g) => [g.id, new Set<string>()]));
  await mapAll(session, users, async (user) => {
    // A 404: the user is gone since it was listed, so it is nobody's member.
    const listed = await session.client.list('Groups', { filter: eqFilter('members.value', user.id), pageSize: profile.pageSize, paging: profile.paging, notFoundIsEmpty: true, ...(signal ? { stop: { signal } } : {}) });
    if (!listed.complete) throw new MalformedResponseError(`${what}: the server stopped paging before the end`);
    // A group created since the list was read is not in `members`: it is not part of this load.
    for (const raw of listed.resources) members.get(readGroup(raw, what).id)?.add(user.id);
  });
  return sortedMembers(members);
}
