import { DAY_MS, DEFAULT_EXPIRY_WARNING_DAYS, untilEnd } from '../model/expiry.js';
import type { ExpiringMember, LiveMember, PlanMember, ResolvedGroup, ResolvedMember } from '../model/types.js';
import { compareMembers } from './members.js';

/** A group's declared members at `now`: those still in force, and those whose `until` has passed, by user id. */
export interface MembersAtNow {
  group: ResolvedGroup;
  expired: ReadonlyMap<string, ResolvedMember>;
}

const NONE: ReadonlyMap<string, ResolvedMember> = new Map();

/** Past its `until`, a member counts as not declared: the group is planned with the others. */
export function withoutExpired(group: ResolvedGroup, now: number): MembersAtNow {
  const members = group.members;
  if (members === undefined || !members.some((m) => m.until !== undefined)) return { group, expired: NONE };
  const active: ResolvedMember[] = [];
  const expired = new Map<string, ResolvedMember>();
  for (const member of members) {
    const end = member.until === undefined ? undefined : untilEnd(member.until);
    if (end !== undefined && end <= now) expired.set(member.userId, member);
    else active.push(member);
  }
  return { group: { ...group, members: active }, expired };
}

/**
 * Removals once expiries count: those the diff found, labelled `expired` where an expiry is the cause, plus live
 * members whose membership expired that the mode would keep (additive mode: an explicit expiry is an explicit wish).
 */
export function withExpiredRemovals(remove: readonly PlanMember[], live: readonly LiveMember[], expired: ReadonlyMap<string, ResolvedMember>, loginIdOf: (userId: string) => string | undefined): PlanMember[] {
  if (expired.size === 0) return [...remove];
  const removing = new Set(remove.map((m) => m.userId));
  const labelled = remove.map((m) => {
    const until = expired.get(m.userId)?.until;
    return until === undefined ? m : { ...m, expired: until };
  });
  const seen = new Set<string>();
  for (const member of live) {
    const lapsed = expired.get(member.userId);
    if (lapsed === undefined || removing.has(member.userId) || seen.has(member.userId)) continue;
    seen.add(member.userId);
    const loginId = member.loginId ?? lapsed.loginId ?? loginIdOf(member.userId);
    labelled.push({ userId: member.userId, ...(loginId === undefined ? {} : { loginId }), expired: lapsed.until! });
  }
  return labelled.sort(compareMembers);
}

/** Members in force whose `until` falls within `warningDays` of `now`, in member order. */
export function expiringMembers(group: ResolvedGroup, now: number, warningDays = DEFAULT_EXPIRY_WARNING_DAYS): ExpiringMember[] {
  const horizon = now + warningDays * DAY_MS;
  const expiring: ExpiringMember[] = [];
  for (const member of group.members ?? []) {
    if (member.until === undefined) continue;
    const end = untilEnd(member.until);
    if (end === undefined || end <= now || end > horizon) continue;
    expiring.push({
      group: group.name,
      userId: member.userId,
      ...(member.loginId === undefined ? {} : { loginId: member.loginId }),
      until: member.until,
      ...(member.reason === undefined ? {} : { reason: member.reason }),
      ...(member.ticket === undefined ? {} : { ticket: member.ticket }),
    });
  }
  return expiring;
}
