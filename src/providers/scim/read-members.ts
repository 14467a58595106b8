import { groupPath } from './client.js';
import { memberIds } from './mapping.js';
import { canFilterGroups } from './profiles.js';
import { readByMemberFilters } from './member-filters.js';
import { mapAll, type TenantSession } from './session.js';
import { readGroup, type WireGroup, type WireUser } from './wire.js';

export type MemberReading =
  | { readable: true; how: 'list' | 'get' | 'member filter' | 'group filter'; members: Map<string, string[]> }
  | { readable: false; reason: string };

export interface GroupsAndMembers {
  groups: WireGroup[];
  reading: MemberReading;
  /** Every user of the tenant, when reading members needed them all. */
  allUsers?: WireUser[];
  /** The users members were read as, when that showed them (the group filter). */
  memberUsers?: WireUser[];
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
 * does; else member filters (AWS `groups.value eq` per group, `members.value eq` per user) read them; else membership is unreadable, because
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
  if (canFilterGroups(profile, 'members.value') || profile.userGroupFilter) {
    const byFilter = await readByMemberFilters(session, groups, signal);
    if ('reason' in byFilter) return { groups, reading: { readable: false, reason: byFilter.reason } };
    return {
      groups,
      reading: { readable: true, how: byFilter.how, members: byFilter.members },
      ...(byFilter.users === undefined ? {} : { allUsers: byFilter.users }),
      ...(byFilter.memberUsers === undefined ? {} : { memberUsers: byFilter.memberUsers }),
    };
  }
  return {
    groups,
    reading: {
      readable: false,
      reason: `SCIM profile ${profile.name}: no group shows members on list or GET and the server has no member filter; a tenant whose groups are all empty looks the same, so additive mode is needed until a group has members`,
    },
  };
}
