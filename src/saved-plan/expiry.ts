import { GroupformError } from '../errors.js';
import { formatInstant, parseInstant, untilEnd } from '../model/expiry.js';
import type { DesiredState, Plan } from '../model/types.js';
import { printable } from '../util/printable.js';

/**
 * A saved plan holds the memberships in force at its `asOf`; one whose `until` passed since then would be kept
 * (or granted) by applying it, so the plan is refused, naming each membership. Plans without `asOf` predate expiry.
 */
export function assertNoExpiryPassed(plan: Plan, desired: DesiredState, now: number, file: string): void {
  const asOf = plan.asOf === undefined ? undefined : parseInstant(plan.asOf);
  if (asOf === undefined || now <= asOf) return;
  const planned = new Set(plan.tenants.map((t) => t.tenant));
  const lapsed: string[] = [];
  for (const tenant of desired.tenants) {
    if (!planned.has(tenant.tenantId)) continue;
    for (const group of tenant.groups) {
      for (const member of group.members ?? []) {
        const end = member.until === undefined ? undefined : untilEnd(member.until);
        if (end === undefined || end <= asOf || end > now) continue;
        const who = 'loginId' in member ? member.loginId : `user id ${member.userId}`;
        lapsed.push(`${printable(tenant.tenantId)}, group "${printable(group.name)}": ${printable(who)} expired ${printable(member.until!)}`);
      }
    }
  }
  if (lapsed.length === 0) return;
  throw new GroupformError(
    'PLAN_EXPIRY_PASSED',
    `${file} was planned at ${plan.asOf}; since then (now ${formatInstant(now)}) ${lapsed.length === 1 ? 'a membership has' : `${lapsed.length} memberships have`} expired, which the saved plan does not remove; nothing was written:`,
    { list: lapsed, footer: 'Run plan again and review the new plan.' },
  );
}
