// STUB (issue 4): signatures fixed; implementation in progress.
import type { ApplyResult } from './apply-plan.js';

/** `Apply complete: 1 group created, 2 updated, 0 deleted; 5 members added, 1 removed.` (SPEC §5) */
export function renderApplySummary(_result: ApplyResult): string {
  throw new Error('not implemented');
}
