import { compareStrings, loginIdKey, sortedBy } from '../../model/normalize.js';
import type { LiveGroup, LiveMember, LiveTenant, LiveUser } from '../../model/types.js';
import type { DeclaredUsers } from '../declared-users.js';
import type { WireGroup, WireMember, WireUser } from './wire.js';

function toLiveGroup(group: WireGroup & { members: NonNullable<WireGroup['members']> }, externalId: string | undefined, externalIdUnread: boolean): LiveGroup {
  const members = new Map<string, LiveMember>();
  for (const m of group.members) if (!members.has(m.userId)) members.set(m.userId, m.loginId === undefined ? { userId: m.userId } : { userId: m.userId, loginId: m.loginId });
  const id = externalId ?? group.externalId;
  return {
    id: group.id,
    name: group.display,
    ...(id === undefined ? {} : { externalId: id }),
    members: sortedBy(members.values(), (m) => m.userId),
    ...(group.source === undefined ? {} : { source: group.source }),
    ...(group.ssoId === undefined ? {} : { ssoId: group.ssoId }),
    ...(externalIdUnread && id === undefined ? { externalIdUnread: true as const } : {}),
  };
}

function addUser(users: Map<string, LiveUser>, userId: string, loginIds: readonly string[], display: string | undefined): void {
  const known = users.get(userId);
  if (known === undefined) {
    users.set(userId, { userId, loginIds: [...loginIds], ...(display === undefined ? {} : { display }) });
    return;
  }
  for (const loginId of loginIds) if (!known.loginIds.some((l) => loginIdKey(l) === loginIdKey(loginId))) known.loginIds.push(loginId);
  if (known.display === undefined && display !== undefined) known.display = display;
}

/**
 * Groups sorted by name (then id), members and users by user id. Users are the ones the search found plus every
 * live member, so the core can show and resolve members without another request.
 */
export function toLiveTenant(
  tenantId: string,
  groups: readonly (WireGroup & { members: NonNullable<WireGroup['members']> })[],
  found: readonly WireUser[],
  externalIds: ReadonlyMap<string, string> | 'unread' = new Map(),
): LiveTenant {
  const users = new Map<string, LiveUser>();
  for (const user of found) addUser(users, user.userId, user.loginIds, user.name);
  for (const group of groups) {
    for (const m of group.members) addUser(users, m.userId, m.loginId === undefined ? [] : [m.loginId], m.display);
  }
  const unread = externalIds === 'unread';
  const live = groups.map((g) => toLiveGroup(g, unread ? undefined : externalIds.get(g.id), unread));
  live.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
  return { tenantId, groups: live, users: sortedBy(users.values(), (u) => u.userId) };
}

/**
 * The declared users that live members do not already identify, i.e. the ones to search for. A member shows
 * one login id of its user (which may have several), so a declared login id other than the one shown is
 * searched; a member without a login id resolves only by user id.
 */
export function unknownUsers(declared: DeclaredUsers, groups: readonly { members: readonly WireMember[] }[]): DeclaredUsers {
  const loginIds = new Set<string>();
  const userIds = new Set<string>();
  for (const group of groups) {
    for (const m of group.members) {
      userIds.add(m.userId);
      if (m.loginId !== undefined) loginIds.add(loginIdKey(m.loginId));
    }
  }
  return {
    loginIds: declared.loginIds.filter((l) => !loginIds.has(loginIdKey(l))),
    userIds: declared.userIds.filter((id) => !userIds.has(id)),
  };
}
