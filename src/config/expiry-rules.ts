import { type Diagnostic, errorAt } from '../errors.js';
import { formatInstant, parseDuration, parseInstant, untilEnd } from '../model/expiry.js';
import type { DeclaredMember, DesiredState } from '../model/types.js';

/**
 * Checks what the schema cannot: every `until` is a real date or time, and, with `now`, every member of a group
 * with `maxDuration` has an `until` at most that far from now (MAX_DURATION, at the member).
 */
export function checkExpiryRules(desired: DesiredState, now: number | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const tenant of desired.tenants) {
    for (const group of tenant.groups) {
      const limit = now === undefined || group.maxDuration === undefined ? undefined : parseDuration(group.maxDuration);
      for (const member of group.members ?? []) {
        const end = member.until === undefined ? undefined : untilEnd(member.until);
        // Written only for a member in error: most are not, and a config may hold millions.
        const where = (): string => `tenant ${tenant.tenantId}, group "${group.name}": ${describe(member)}`;
        if (member.until !== undefined && end === undefined) {
          diagnostics.push(errorAt(member.at, 'INVALID_UNTIL', `${where()}: until "${member.until}" is not a calendar date (YYYY-MM-DD) or RFC 3339 time`));
          continue;
        }
        if (limit === undefined || now === undefined) continue;
        if (end === undefined) {
          diagnostics.push(errorAt(member.at, 'MAX_DURATION', `${where()} has no until; the group allows memberships of at most ${group.maxDuration} (maxDuration), so give it an until no later than ${formatInstant(now + limit)}`));
        } else if (parseInstant(member.until!)! > now + limit) {
          // A date counts from its start: `maxDuration: 90d` allows the date 90 days from today.
          diagnostics.push(errorAt(member.at, 'MAX_DURATION', `${where()}: until ${member.until} is further out than the group's maxDuration ${group.maxDuration} allows (at most ${formatInstant(now + limit)})`));
        }
      }
    }
  }
  return diagnostics;
}

function describe(member: DeclaredMember): string {
  return 'loginId' in member ? member.loginId : `user id ${member.userId}`;
}
