import { resolve } from 'node:path';
import type { Plan } from '../../model/types.js';
import type { Provider } from '../../providers/provider.js';
import { readJournal } from '../../saved-plan/journal.js';
import { parseSavedPlan } from '../../saved-plan/read.js';
import { readJournalMarks, type ResumeStep } from '../../saved-plan/resume.js';
import { assertPlanIntact, verifySavedPlanConfig, verifySavedPlanLive } from '../../saved-plan/verify.js';
import { readTextFile } from '../files.js';
import type { CommandIo } from '../io.js';
import { loadLiveTenants, loadSelectedDesired, openProvider, type SelectionOptions } from './common.js';
import { clockOf } from './selection.js';

async function readSavedPlan(io: CommandIo, file: string): Promise<Plan> {
  return parseSavedPlan(await readTextFile(io, file), file);
}

/** A saved plan checked against the live state, with what an earlier run of it (per its journal) already did. */
export interface SavedPlanForApply {
  plan: Plan;
  provider: Provider;
  /** Keyed by changeKey; empty without a journal of this plan. */
  resume: Map<string, ResumeStep>;
}

/** The saved plan at `file`, verified (src/saved-plan/verify.ts) against the config and the live state. */
export async function loadSavedPlanForApply(
  file: string,
  options: SelectionOptions & { liveState?: string },
  io: CommandIo,
  journalPath?: string,
): Promise<SavedPlanForApply> {
  const saved = await readSavedPlan(io, file);
  assertPlanIntact(saved, file);
  const planTenants = saved.tenants.map((t) => t.tenant);
  const now = clockOf(options, io);
  // The plan's own tenants, whatever the command line selected.
  const { shard: _shard, ...unsharded } = options;
  const desired = await loadSelectedDesired({ ...unsharded, tenant: planTenants, excludeTenant: [] }, io, now);
  verifySavedPlanConfig(saved, desired, file, now);
  const marks = journalPath === undefined ? new Map() : readJournalMarks(await readJournal(resolve(io.cwd, journalPath)), saved.planId);
  const provider = await openProvider(desired, options, io);
  try {
    const live = await loadLiveTenants(desired, provider, options, io);
    const { plan, resume } = verifySavedPlanLive(saved, desired, provider, live, marks, file, now);
    return { plan, provider, resume };
  } catch (error) {
    await provider.close();
    throw error;
  }
}
