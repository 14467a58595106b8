import type { DesiredState, Plan } from '../model/types.js';
import { loadLiveTenants } from '../pipeline.js';
import type { Provider } from '../providers/provider.js';
import type { JournalEntry } from './journal.js';
import { readJournalMarks } from './resume.js';
import { assertPlanIntact, verifySavedPlanConfig, verifySavedPlanLive, type VerifiedPlan } from './verify.js';

// A saved plan: read and validate (read.ts), verify against the config and the live state (verify.ts, check.ts),
// the journal an apply keeps (journal.ts), and resuming an interrupted run of the same plan (resume.ts).

export { parseSavedPlan } from './read.js';
export { openJournal, parseJournal, readJournal, type Journal, type JournalEntry } from './journal.js';
export type { VerifiedPlan } from './verify.js';

export interface VerifySavedPlanOptions {
  /** Names the plan in errors; default `the saved plan`. */
  file?: string;
  /** The journal of an earlier run of this plan: what it did may have moved, in its own direction only. */
  journal?: readonly JournalEntry[];
  concurrency?: number;
  signal?: AbortSignal;
  /** The clock expiries are judged at, ms since the epoch; default the system clock. */
  now?: number;
}

/**
 * Verifies a saved plan before it is applied: intact (its planId names its changes), planned from `desired`
 * (selected to the plan's tenants) against this provider, and the live state unchanged where it acts. Throws a
 * GroupformError naming what moved; returns the plan to apply and what an earlier run already did.
 */
export async function verifySavedPlan(plan: Plan, desired: DesiredState, provider: Provider, options: VerifySavedPlanOptions = {}): Promise<VerifiedPlan> {
  const file = options.file ?? 'the saved plan';
  assertPlanIntact(plan, file);
  const now = options.now ?? Date.now();
  verifySavedPlanConfig(plan, desired, file, now);
  const marks = options.journal === undefined ? new Map() : readJournalMarks(options.journal, plan.planId);
  const live = await loadLiveTenants(desired, provider, {
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return verifySavedPlanLive(plan, desired, provider, live, marks, file, now);
}
