import { compareDiagnostics, compareSourceRefs, type Diagnostic, errorAt, formatPlace } from '../errors.js';
import { compareStrings, loginIdKey } from '../model/normalize.js';
import type {
  DeclaredMember,
  DesiredGroup,
  DesiredTenant,
  LiveTenant,
  MemberVia,
  ResolvedGroup,
  ResolvedMember,
  ResolvedTenant,
} from '../model/types.js';
import { termsOf } from '../model/terms.js';
import { compareMembers } from './members.js';

// One record per way a user can be named (a login id of theirs, their user id), each with the member it
// resolves to and the one mark of that user: the last group that named them, and where in that group's list
// and by which route, so a repeat within a group is found and joined without a map per group (a million
// members in ten thousand groups).
interface UserMark {
  seenInGroup: number;
  index: number;
  via: MemberVia | undefined;
}

interface KnownUser {
  member: ResolvedMember;
  mark: UserMark;
}

interface UserIndex {
  byLoginKey: Map<string, KnownUser>;
  findUserId: (userId: string) => KnownUser | undefined;
  groupsSeen: number;
}

/** Declared login ids -> user ids through live.users (case-insensitive); UNKNOWN_MEMBER at each position. */
export function resolveMembers(tenant: DesiredTenant, live: LiveTenant): { tenant: ResolvedTenant; diagnostics: Diagnostic[] } {
  const index = indexUsers(live);
  const diagnostics: Diagnostic[] = [];
  // Groups built from the same set share one member list; it resolves the same in every group of the tenant.
  const resolvedLists = new Map<readonly DeclaredMember[], ResolvedMember[]>();
  const groups = tenant.groups.map((group) => {
    const shared = group.members === undefined ? undefined : resolvedLists.get(group.members);
    if (shared !== undefined) return { ...withoutMembers(group), members: shared };
    const found: Diagnostic[] = [];
    const resolved = resolveGroup(tenant.tenantId, group, index, found);
    if (found.length === 0 && group.members !== undefined && resolved.members !== undefined) resolvedLists.set(group.members, resolved.members);
    diagnostics.push(...found);
    return resolved;
  });
  // The credential stays behind: a resolved tenant feeds the plan, which never holds a secret.
  const { credential: _credential, groups: _declared, ...rest } = tenant;
  diagnostics.sort((a, b) => compareDiagnostics(a, b) || compareStrings(a.message, b.message));
  return { tenant: { ...rest, groups }, diagnostics };
}

function indexUsers(live: LiveTenant): UserIndex {
  const marks = new Map<string, UserMark>();
  const known = (userId: string, loginId: string | undefined): KnownUser => {
    let mark = marks.get(userId);
    if (mark === undefined) marks.set(userId, (mark = { seenInGroup: 0, index: 0, via: undefined }));
    return { member: loginId === undefined ? { userId } : { userId, loginId }, mark };
  };
  const byLoginKey = new Map<string, KnownUser>();
  const byUserId = new Map<string, KnownUser>();
  for (const user of live.users) {
    byUserId.set(user.userId, known(user.userId, user.loginIds[0]));
    for (const loginId of user.loginIds) {
      const key = loginIdKey(loginId);
      const held = byLoginKey.get(key);
      // Two users whose login ids differ only in case: the lower user id wins, whatever order the provider listed them in.
      if (held === undefined || compareStrings(user.userId, held.member.userId) < 0) byLoginKey.set(key, known(user.userId, loginId));
    }
  }
  // A user id may also name a live member the user listing lacks; that index is built only on the first miss.
  let members: Map<string, KnownUser> | undefined;
  const findUserId = (userId: string): KnownUser | undefined => {
    const found = byUserId.get(userId);
    if (found !== undefined) return found;
    members ??= indexLiveMembers(live, known);
    return members.get(userId);
  };
  return { byLoginKey, findUserId, groupsSeen: 0 };
}

function indexLiveMembers(live: LiveTenant, known: (userId: string, loginId: string | undefined) => KnownUser): Map<string, KnownUser> {
  const members = new Map<string, KnownUser>();
  for (const group of live.groups) {
    for (const member of group.members) {
      if (members.has(member.userId)) continue;
      members.set(member.userId, known(member.userId, member.loginId));
    }
  }
  return members;
}

function withoutMembers(group: DesiredGroup): Omit<ResolvedGroup, 'members'> {
  const { members: _members, overlaps: _overlaps, ...rest } = group;
  return rest;
}

function resolveGroup(tenantId: string, group: DesiredGroup, index: UserIndex, diagnostics: Diagnostic[]): ResolvedGroup {
  const rest = withoutMembers(group);
  const declared = group.members;
  if (declared === undefined) return rest;
  const stamp = (index.groupsSeen += 1);
  const members: ResolvedMember[] = [];
  let repeats = false;
  for (const member of declared) {
    const known = lookUp(member, index);
    if (known === undefined) {
      const via = member.via === undefined ? '' : ` (via ${member.via.join(', ')})`;
      diagnostics.push(errorAt(member.at, 'UNKNOWN_MEMBER', `tenant ${tenantId}, group "${group.name}": ${describe(member)}${via} does not exist at the provider`));
      continue;
    }
    const mark = known.mark;
    if (mark.seenInGroup === stamp) {
      // The mark holds the position and route of this person's first entry: a second route joins it instead of repeating it.
      if (mark.via !== undefined || member.via !== undefined) {
        // A person may reach a group by two paths; listed directly, it needs no route.
        mark.via = mark.via === undefined || member.via === undefined ? undefined : [...new Set([...mark.via, ...member.via])].sort(compareStrings);
        const held = members[mark.index];
        if (held !== undefined) members[mark.index] = withVia(held, mark.via);
      } else repeats = true;
      continue;
    }
    mark.seenInGroup = stamp;
    mark.index = members.length;
    mark.via = member.via;
    // Shared per user while the member carries no terms; an `until` (and its reason) belongs to this group's entry.
    const base = member.until === undefined && member.reason === undefined && member.ticket === undefined ? known.member : { ...known.member, ...termsOf(member) };
    members.push(withVia(base, member.via));
  }
  if (repeats) reportRepeats(tenantId, group.name, declared.filter((m) => m.via === undefined), index, diagnostics);
  return { ...rest, members: members.sort(compareMembers) };
}

function withVia(member: ResolvedMember, via: MemberVia | undefined): ResolvedMember {
  if (via === undefined) {
    // Most members are listed directly: the shared member itself, no copy.
    if (member.via === undefined && !('via' in member)) return member;
    const { via: _via, ...rest } = member;
    return rest;
  }
  return { ...member, via };
}

function lookUp(member: DeclaredMember, index: UserIndex): KnownUser | undefined {
  if (!('loginId' in member)) return index.findUserId(member.userId);
  // Keys are folded, so a login id equal to one is folded already and is its own key: most login ids are found
  // without folding (a pass over each of a million ids).
  return index.byLoginKey.get(member.loginId) ?? index.byLoginKey.get(loginIdKey(member.loginId));
}

/** Declared members that name a user another member of the group already named. */
function reportRepeats(tenantId: string, groupName: string, declared: readonly DeclaredMember[], index: UserIndex, diagnostics: Diagnostic[]): void {
  const byUser = new Map<string, DeclaredMember[]>();
  for (const member of declared) {
    const known = lookUp(member, index);
    if (known === undefined) continue;
    const list = byUser.get(known.member.userId);
    if (list === undefined) byUser.set(known.member.userId, [member]);
    else list.push(member);
  }
  const repeated = [...byUser].filter(([, list]) => list.length > 1);
  // Reported by source position, not list order, so the diagnostics do not depend on it.
  for (const [userId, list] of repeated) {
    const [head, ...others] = list.sort(compareDeclared);
    for (const member of others) {
      diagnostics.push(
        errorAt(
          member.at,
          'MEMBER_DUPLICATE',
          `tenant ${tenantId}, group "${groupName}": ${describe(member)} and ${describe(head!)} (${formatPlace(head!.at)}) are the same user (${userId}); list it once`,
        ),
      );
    }
  }
}


function describe(member: DeclaredMember): string {
  return 'loginId' in member ? `login id "${member.loginId}"` : `user id "${member.userId}"`;
}

function compareDeclared(a: DeclaredMember, b: DeclaredMember): number {
  return (
    compareSourceRefs(a.at, b.at) ||
    compareStrings('loginId' in a ? a.loginId : a.userId, 'loginId' in b ? b.loginId : b.userId)
  );
}
