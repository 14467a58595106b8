import { compareStrings } from '../model/normalize.js';
import type { LiveMember, MembersMode, PlanMember, ResolvedMember } from '../model/types.js';

/** Plan order: by what is shown (login id, else user id), then by user id. */
export function compareMembers(a: PlanMember, b: PlanMember): number {
  return compareStrings(a.loginId ?? a.userId, b.loginId ?? b.userId) || compareStrings(a.userId, b.userId);
}

/** userId -> login id shown in the plan, for live members the provider listed without one. */
export type LoginIdLookup = (userId: string) => string | undefined;

/**
 * Declared members missing from the live ones, and (authoritative) live members not declared; each once,
 * sorted. One map per group: live member -> still unaccounted for (null once declared or added).
 */
export function diffMembers(
  desired: readonly ResolvedMember[],
  live: readonly LiveMember[],
  mode: MembersMode,
  loginIdOf: LoginIdLookup,
): { add: PlanMember[]; remove: PlanMember[] } {
  const pending = new Map<string, LiveMember | null>();
  for (const member of live) if (!pending.has(member.userId)) pending.set(member.userId, member);
  const add: PlanMember[] = [];
  for (const member of desired) {
    const current = pending.get(member.userId);
    if (current === null) continue;
    if (current === undefined) add.push(member.via === undefined ? toPlanMember(member.userId, member.loginId) : { ...toPlanMember(member.userId, member.loginId), via: member.via });
    pending.set(member.userId, null);
  }
  const remove: PlanMember[] = [];
  if (mode === 'authoritative') {
    for (const member of pending.values()) if (member !== null) remove.push(toPlanMember(member.userId, member.loginId ?? loginIdOf(member.userId)));
  }
  return { add: add.sort(compareMembers), remove: remove.sort(compareMembers) };
}

function toPlanMember(userId: string, loginId: string | undefined): PlanMember {
  return loginId === undefined ? { userId } : { userId, loginId };
}

