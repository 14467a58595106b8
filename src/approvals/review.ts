import { DAY_MS, DEFAULT_EXPIRY_WARNING_DAYS, formatInstant, parseDuration, parseInstant } from '../model/expiry.js';
import type { DesiredState } from '../model/types.js';

export interface ReviewDue {
  tenant: string;
  group: string;
  every: string;
  /** As the config writes it; absent when the group was never reviewed. */
  reviewedAt?: string;
  /** When the next review falls due (RFC 3339, UTC); absent when never reviewed. */
  dueAt?: string;
  status: 'overdue' | 'due';
  owners: string[];
  file: string;
}

export interface ReviewReport {
  asOf: string;
  /** Groups with a `review` rule. */
  reviewed: number;
  due: ReviewDue[];
}

/**
 * Groups whose access review is overdue at `now` (never reviewed, or `reviewedAt` + `every` has passed) or due
 * within `soonDays` (the tenant's expiryWarningDays, default 14). Pure: the clock is an input.
 */
export function reviewsDue(desired: DesiredState, now: number): ReviewReport {
  const due: ReviewDue[] = [];
  let reviewed = 0;
  for (const tenant of desired.tenants) {
    const soon = (tenant.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS) * DAY_MS;
    for (const group of tenant.groups) {
      if (group.review === undefined) continue;
      reviewed += 1;
      const every = parseDuration(group.review.every) ?? 0;
      const last = group.reviewedAt === undefined ? undefined : parseInstant(group.reviewedAt);
      const dueAt = last === undefined ? undefined : last + every;
      const status = dueAt === undefined || dueAt <= now ? 'overdue' : dueAt <= now + soon ? 'due' : undefined;
      if (status === undefined) continue;
      due.push({
        tenant: tenant.tenantId,
        group: group.name,
        every: group.review.every,
        ...(group.reviewedAt === undefined ? {} : { reviewedAt: group.reviewedAt }),
        ...(dueAt === undefined ? {} : { dueAt: formatInstant(dueAt) }),
        status,
        owners: [...(group.owners ?? [])],
        file: group.at.file,
      });
    }
  }
  return { asOf: formatInstant(now), reviewed, due };
}
