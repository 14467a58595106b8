// STUB (issue 2): signatures fixed; implementation in progress.
import type { Diagnostic } from '../errors.js';
import type { DesiredTenant, LiveTenant, ResolvedTenant } from '../model/types.js';

/** Declared login ids -> user ids through live.users (case-insensitive); UNKNOWN_MEMBER at each position. */
export function resolveMembers(_tenant: DesiredTenant, _live: LiveTenant): { tenant: ResolvedTenant; diagnostics: Diagnostic[] } {
  throw new Error('not implemented');
}
