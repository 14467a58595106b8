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
 * `members` in compareMembers order: the list itself when it is in that order already (configs `fmt` wrote
 * are: one pass finds that out, and nothing is sorted or copied), else a sorted copy, each login id keyed once
 * rather than at every comparison. Member lists are never mutated, so the list itself is safe to share.
 */
export function sortedMembers<T extends MemberId>(members: readonly T[]): readonly T[] {
  if (inMemberOrder.has(members)) return members;
  return markedInOrder(isInMemberOrder(members) ? members : members.map(memberKey).sort(compareMemberKeys).map((k) => k.member));
}

/** `members`, noted as being in compareMembers order. */
export function markedInOrder<T extends MemberId>(members: readonly T[]): readonly T[] {
  inMemberOrder.add(members);
  return members;
}

// compareMembers over neighbours, each login id folded once rather than twice, and no object per member.
function isInMemberOrder(members: readonly MemberId[]): boolean {
  let previousLogin: boolean | undefined;
  let previousKey = '';
  let previousId = '';
  for (const member of members) {
    const login = 'loginId' in member;
    const id = login ? (member as { loginId: string }).loginId : (member as { userId: string }).userId;
    const key = login ? loginIdKey(id) : id;
    if (previousLogin !== undefined) {
      const order = previousLogin !== login ? (previousLogin ? -1 : 1) : compareStrings(previousKey, key) || compareStrings(previousId, id);
      if (order > 0) return false;
    }
    previousLogin = login;
    previousKey = key;
    previousId = id;
  }
  return true;
}

// Raw lists rawMembersInOrder found in order: loading checks each list for repeats first and then builds its
// members, which need not be checked again (a pass over a million sliced strings).
const rawInOrder = new WeakSet<readonly unknown[]>();

/** Whether rawMembersInOrder already found this list, as it is, in order. */
export function isKnownRawInOrder(members: readonly unknown[]): boolean {
  return rawInOrder.has(members);
}

/**
 * Whether members as the config holds them (login id text, or `{userId}`) are in compareMembers order; with
 * `strict`, also that no two share a key (so none repeats). One pass, no new objects: configs `fmt` wrote are
 * in order.
 */
export function rawMembersInOrder(members: readonly unknown[], strict: boolean): boolean {
  const inOrder = scanRawOrder(members, strict);
  if (inOrder) rawInOrder.add(members);
  return inOrder;
}

function scanRawOrder(members: readonly unknown[], strict: boolean): boolean {
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

