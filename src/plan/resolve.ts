import { compareDiagnostics, compareSourceRefs, type Diagnostic, errorAt, formatPlace } from '../errors.js';
import { compareStrings, loginIdKey } from '../model/normalize.js';
import type {
  DeclaredMember,
  DesiredGroup,
  DesiredTenant,
  LiveTenant,
  ResolvedGroup,
  ResolvedMember,
  ResolvedTenant,
} from '../model/types.js';
import { compareMembers } from './members.js';

interface KnownUser {
  userId: string;
  loginId?: string;
}

interface UserIndex {
  byLoginKey: Map<string, KnownUser>;
  findUserId: (userId: string) => KnownUser | undefined;
}

/** Declared login ids -> user ids through live.users (case-insensitive); UNKNOWN_MEMBER at each position. */
export function resolveMembers(tenant: DesiredTenant, live: LiveTenant): { tenant: ResolvedTenant; diagnostics: Diagnostic[] } {
  const index = indexUsers(live);
  const diagnostics: Diagnostic[] = [];
  const groups = tenant.groups.map((group) => resolveGroup(tenant.tenantId, group, index, diagnostics));
  // The credential stays behind: a resolved tenant feeds the plan, which never holds a secret.
  const { credential: _credential, groups: _declared, ...rest } = tenant;
  diagnostics.sort((a, b) => compareDiagnostics(a, b) || compareStrings(a.message, b.message));
  return { tenant: { ...rest, groups }, diagnostics };
}

function indexUsers(live: LiveTenant): UserIndex {
  const byLoginKey = new Map<string, KnownUser>();
  const byUserId = new Map<string, KnownUser>();
  for (const user of live.users) {
    const known: KnownUser = user.loginIds[0] === undefined ? { userId: user.userId } : { userId: user.userId, loginId: user.loginIds[0] };
    byUserId.set(user.userId, known);
    for (const loginId of user.loginIds) {
      const key = loginIdKey(loginId);
      const held = byLoginKey.get(key);
      // Two users whose login ids differ only in case: the lower user id wins, whatever order the provider listed them in.
      if (held === undefined || compareStrings(user.userId, held.userId) < 0) byLoginKey.set(key, { userId: user.userId, loginId });
    }
  }
  // A user id may also name a live member the user listing lacks; that index is built only on the first miss.
  let members: Map<string, KnownUser> | undefined;
  const findUserId = (userId: string): KnownUser | undefined => {
    const known = byUserId.get(userId);
    if (known !== undefined) return known;
    members ??= indexLiveMembers(live);
    return members.get(userId);
  };
  return { byLoginKey, findUserId };
}

function indexLiveMembers(live: LiveTenant): Map<string, KnownUser> {
  const members = new Map<string, KnownUser>();
  for (const group of live.groups) {
    for (const member of group.members) {
      if (members.has(member.userId)) continue;
      members.set(member.userId, member.loginId === undefined ? { userId: member.userId } : { userId: member.userId, loginId: member.loginId });
    }
  }
  return members;
}

function resolveGroup(tenantId: string, group: DesiredGroup, index: UserIndex, diagnostics: Diagnostic[]): ResolvedGroup {
  const { members: declared, ...rest } = group;
  if (declared === undefined) return rest;
  const first = new Map<string, DeclaredMember>();
  const repeated = new Map<string, DeclaredMember[]>();
  const members: ResolvedMember[] = [];
  for (const member of declared) {
    const known = 'loginId' in member ? index.byLoginKey.get(loginIdKey(member.loginId)) : index.findUserId(member.userId);
    if (known === undefined) {
      diagnostics.push(errorAt(member.at, 'UNKNOWN_MEMBER', `tenant ${tenantId}, group "${group.name}": ${describe(member)} does not exist at the provider`));
      continue;
    }
    const earlier = first.get(known.userId);
    if (earlier === undefined) {
      first.set(known.userId, member);
      members.push(known);
    } else {
      const list = repeated.get(known.userId);
      if (list === undefined) repeated.set(known.userId, [earlier, member]);
      else list.push(member);
    }
  }
  // Reported by source position, not list order, so the diagnostics do not depend on it.
  for (const [userId, list] of repeated) {
    const [head, ...rest] = list.sort(compareDeclared);
    for (const member of rest) {
      diagnostics.push(
        errorAt(
          member.at,
          'MEMBER_DUPLICATE',
          `tenant ${tenantId}, group "${group.name}": ${describe(member)} and ${describe(head!)} (${formatPlace(head!.at)}) are the same user (${userId}); list it once`,
        ),
      );
    }
  }
  return { ...rest, members: members.sort(compareMembers) };
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
