import type { MemberTerms } from './types.js';

/** The terms a member entry gives (`until`, `reason`, `ticket`), keys only where set. */
export function termsOf(entry: MemberTerms): MemberTerms {
  return {
    ...(entry.until === undefined ? {} : { until: entry.until }),
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    ...(entry.ticket === undefined ? {} : { ticket: entry.ticket }),
  };
}
