import { compareStrings, loginIdKey } from '../model/normalize.js';

// The order members are kept in, and written by `fmt`: login ids by their case-folded key (then as written),
// then user ids.

export type MemberId = { loginId: string } | { userId: string };

/** Login ids (case-insensitively), then user ids: the order `fmt` writes, so formatting changes nothing here. */
export function compareMembers(a: MemberId, b: MemberId): number {
  const aLogin = 'loginId' in a;
  if (aLogin !== 'loginId' in b) return aLogin ? -1 : 1;
  if (!aLogin) return compareStrings((a as { userId: string }).userId, (b as { userId: string }).userId);
  const x = (a as { loginId: string }).loginId;
  const y = (b as { loginId: string }).loginId;
  // Without a new string for ids already folded (most): loginIdKey returns them as they are.
  return compareStrings(loginIdKey(x), loginIdKey(y)) || compareStrings(x, y);
}

// Lists sortedMembers returned: the config digest sorts the members of a group again, which costs a pass
// over every member when the state came from toDesired and is in order already.
const inMemberOrder = new WeakSet<readonly MemberId[]>();

/**
 * A sorted copy of `members` in compareMembers order, each login id keyed once rather than at every comparison.
 * Configs `fmt` wrote are in this order already: one pass finds that out, and nothing is sorted.
 */
export function sortedMembers<T extends MemberId>(members: readonly T[]): T[] {
  let sorted = inMemberOrder.has(members);
  if (!sorted) {
    sorted = true;
    for (let i = 1; i < members.length && sorted; i++) sorted = compareMembers(members[i - 1]!, members[i]!) <= 0;
  }
  return markedInOrder(sorted ? [...members] : members.map(memberKey).sort(compareMemberKeys).map((k) => k.member));
}

/** `members`, noted as being in compareMembers order. */
export function markedInOrder<T extends MemberId>(members: T[]): T[] {
  inMemberOrder.add(members);
  return members;
}

/**
 * Whether members as the config holds them (login id text, or `{userId}`) are in compareMembers order; with
 * `strict`, also that no two share a key (so none repeats). One pass, no new objects: configs `fmt` wrote are
 * in order.
 */
export function rawMembersInOrder(members: readonly unknown[], strict: boolean): boolean {
  let previousLogin: string | undefined;
  let previousId: string | undefined;
  let previousUser: string | undefined;
  for (const member of members) {
    if (typeof member === 'string') {
      if (previousUser !== undefined) return false;
      const key = loginIdKey(member);
      if (previousLogin !== undefined) {
        const order = compareStrings(previousLogin, key) || (strict ? 0 : compareStrings(previousId!, member));
        if (order > 0 || (strict && order === 0)) return false;
      }
      previousLogin = key;
      previousId = member;
    } else {
      const userId = typeof member === 'object' && member !== null ? (member as { userId?: unknown }).userId : undefined;
      if (typeof userId !== 'string' || (previousUser !== undefined && (strict ? previousUser >= userId : previousUser > userId))) return false;
      previousUser = userId;
    }
  }
  return true;
}

interface MemberKey<T> {
  member: T;
  login: boolean;
  key: string;
  id: string;
}

function memberKey<T extends MemberId>(member: T): MemberKey<T> {
  return 'loginId' in member
    ? { member, login: true, key: loginIdKey(member.loginId), id: member.loginId }
    : { member, login: false, key: member.userId, id: member.userId };
}

function compareMemberKeys<T>(a: MemberKey<T>, b: MemberKey<T>): number {
  if (a.login !== b.login) return a.login ? -1 : 1;
  return compareStrings(a.key, b.key) || compareStrings(a.id, b.id);
}

