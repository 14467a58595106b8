import { compareStrings, groupNameKey, loginIdKey } from '../../model/normalize.js';
import type { DesiredTenant, LiveGroup, LiveTenant, LiveUser } from '../../model/types.js';
import { toLiveUser } from './mapping.js';
import { canFilterGroups } from './profiles.js';
import { declaredUsers } from '../declared-users.js';
import { findDeclaredUsers, findMemberUsers } from './find-users.js';
import { loadGroupList } from './find-groups.js';
import { readGroupsAndMembers } from './read-members.js';
import { isFilterRefusal, mapAll, type TenantSession } from './session.js';
import { eqFilter, type WireGroup, type WireUser } from './wire.js';

export async function loadScimTenant(session: TenantSession, desired: DesiredTenant, signal?: AbortSignal): Promise<LiveTenant> {
  const list = await loadGroupList(session, desired, signal);
  const { groups, reading, allUsers, memberUsers } = await readGroupsAndMembers(session, list.groups, signal);
  session.debug?.(
    `scim tenant ${session.tenantId}: ${groups.length} groups${list.incomplete === undefined ? '' : ` (${list.incomplete})`}; members ${reading.readable ? `read from ${reading.how}` : `unreadable (${reading.reason})`}`,
  );
  const { declared: found, all } = await findDeclaredUsers(session, declaredUsers(desired), allUsers, signal);
  let members: Map<string, string[]>;
  let unverifiable: string | undefined;
  if (reading.readable) {
    members = reading.members;
  } else {
    const confirmed = await confirmDeclaredMembers(session, desired, groups, found, signal);
    members = confirmed ?? new Map();
    if (confirmed === undefined) {
      unverifiable = `SCIM profile ${session.profile.name}: group reads show no members and no filter checks one, so whether a declared member is in the group already cannot be known`;
    }
  }
  const userById = new Map<string, LiveUser>(found.map((u) => [u.id, toLiveUser(u)]));
  const memberIds = new Set([...members.values()].flat());
  for (const user of [...(all ?? []), ...(memberUsers ?? [])]) if (memberIds.has(user.id) && !userById.has(user.id)) userById.set(user.id, toLiveUser(user));
  const unnamed = [...memberIds].filter((id) => !userById.has(id)).sort(compareStrings);
  for (const user of await findMemberUsers(session, unnamed, signal)) userById.set(user.id, toLiveUser(user));
  const liveGroups = groups.map((g): LiveGroup => {
    const ids = members.get(g.id) ?? [];
    // A member the server no longer knows as a user still counts as a member.
    for (const id of ids) if (!userById.has(id)) userById.set(id, { userId: id, loginIds: [] });
    return {
      id: g.id,
      name: g.displayName,
      ...(g.externalId === undefined ? {} : { externalId: g.externalId }),
      members: ids.map((userId) => {
        const loginId = userById.get(userId)?.loginIds[0];
        return loginId === undefined ? { userId } : { userId, loginId };
      }),
      ...(reading.readable ? {} : { membersUnreadable: reading.reason }),
      ...(unverifiable === undefined ? {} : { membersUnverifiable: unverifiable }),
    };
  });
  return {
    tenantId: desired.tenantId,
    ...(list.incomplete === undefined ? {} : { groupsIncomplete: list.incomplete }),
    groups: liveGroups.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id)),
    users: [...userById.values()].sort((a, b) => compareStrings(a.userId, b.userId)),
  };
}

/** Live groups a declared group may become (externalId, name, previously); a superset is harmless. */
function candidateGroups(group: DesiredTenant['groups'][number], live: readonly WireGroup[]): WireGroup[] {
  const names = new Set([group.name, ...group.previously].map(groupNameKey));
  return live.filter((g) => (group.externalId !== undefined && g.externalId === group.externalId) || names.has(groupNameKey(g.displayName)));
}

/**
 * Where members cannot be listed but one member can be checked (AWS `id eq "g" and members eq "u"`), the
 * declared members are confirmed one by one, so additive mode adds only who is missing. Undefined where the
 * server has no such check (or refuses it): then no member can be confirmed or ruled out.
 */
async function confirmDeclaredMembers(
  session: TenantSession,
  desired: DesiredTenant,
  groups: readonly WireGroup[],
  users: readonly WireUser[],
  signal?: AbortSignal,
): Promise<Map<string, string[]> | undefined> {
  const confirmed = new Map<string, string[]>();
  if (!canFilterGroups(session.profile, 'id and members')) return undefined;
  const byKey = new Map<string, string[]>();
  for (const u of users) {
    if (u.userName === undefined) continue;
    const key = loginIdKey(u.userName);
    byKey.set(key, [...(byKey.get(key) ?? []), u.id]);
  }
  const pairs = new Map<string, { groupId: string; userId: string }>();
  for (const group of desired.groups) {
    const userIds = (group.members ?? []).flatMap((m) => ('loginId' in m ? (byKey.get(loginIdKey(m.loginId)) ?? []) : [m.userId]));
    for (const live of candidateGroups(group, groups)) {
      for (const userId of userIds) pairs.set(JSON.stringify([live.id, userId]), { groupId: live.id, userId });
    }
  }
  const checks = [...pairs.values()];
  let results: boolean[];
  try {
    results = await mapAll(session, checks, async ({ groupId, userId }) => {
      const listed = await session.client.list('Groups', {
        filter: `${eqFilter('id', groupId)} and ${eqFilter('members', userId)}`,
        pageSize: session.profile.pageSize,
        paging: 'index',
        // AWS answers 404 for a user id it does not know: that user is no member.
        notFoundIsEmpty: true,
        ...(signal ? { stop: { signal } } : {}),
      });
      return listed.resources.length > 0;
    });
  } catch (error) {
    if (isFilterRefusal(error)) return undefined;
    throw error;
  }
  checks.forEach((check, i) => {
    if (results[i] === true) confirmed.set(check.groupId, [...(confirmed.get(check.groupId) ?? []), check.userId]);
  });
  for (const [id, list] of confirmed) confirmed.set(id, [...new Set(list)].sort(compareStrings));
  return confirmed;
}
