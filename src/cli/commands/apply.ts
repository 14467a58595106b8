import { resolve } from 'node:path';
import { applyPlan, tenantsWithChanges, type ApplyResult } from '../../apply/apply-plan.js';
import { assertCanConfirm, confirmApply } from '../confirm.js';
import { openJournal } from '../../saved-plan/journal.js';
import { ApplyProgress } from '../apply-progress.js';
import type { ResumeStep } from '../../saved-plan/resume.js';
import { renderApplySummary } from '../../render/apply-summary.js';
import { ExitCode, GroupformError } from '../../errors.js';
import type { Plan } from '../../model/types.js';
import type { Provider } from '../../providers/provider.js';
import { countOf } from '../../render/change-lines.js';
import { renderText } from '../../render/text.js';
import { cursorEnabled, type CommandIo } from '../io.js';
import { buildPlan, type SelectionOptions, useColor } from './common.js';
import { blockedExitMessage, hasChanges } from './plan-checks.js';
import { loadSavedPlanForApply } from './saved-plan.js';

export interface ApplyCommandOptions extends SelectionOptions {
  autoApprove?: boolean;
  plan?: string;
  acknowledge?: string;
  journal?: string;
  /** Only to rehearse: the plan is shown and checked, but a snapshot cannot be written to. */
  liveState?: string;
}

interface Loaded {
  plan: Plan;
  provider: Provider;
  resume: ReadonlyMap<string, ResumeStep>;
}

export async function runApply(options: ApplyCommandOptions, io: CommandIo): Promise<number> {
  const journalPath = options.journal ?? (options.plan === undefined ? undefined : `${options.plan}.journal.jsonl`);
  const loaded: Loaded =
    options.plan === undefined
      ? { ...(await buildPlan(options, io)), resume: new Map() }
      : await loadSavedPlanForApply(options.plan, options, io, journalPath);
  try {
    return await confirmAndApply(loaded, journalPath, options, io);
  } finally {
    await loaded.provider.close();
  }
}

async function confirmAndApply(
  loaded: Loaded,
  journalPath: string | undefined,
  options: ApplyCommandOptions,
  io: CommandIo,
): Promise<number> {
  const { plan, provider, resume } = loaded;
  io.stdout.write(renderText(plan, { color: useColor(options, io) }));
  // Asserted members alone still mean writes: apply sends them again, as the plan says.
  if (!hasChanges(plan) && tenantsWithChanges(plan).length === 0) return ExitCode.ok;
  const blocked = blockedExitMessage(plan, options.acknowledge);
  if (blocked !== undefined) {
    io.stderr.write(`${blocked}\n`);
    return ExitCode.blocked;
  }
  // These refusals come before the question, so nobody answers "yes" to be told it cannot be done.
  provider.assertCanWrite?.(tenantsWithChanges(plan));
  if (options.autoApprove !== true) assertCanConfirm(io);
  if (options.liveState !== undefined) {
    throw new GroupformError(
      'SNAPSHOT_READ_ONLY',
      `--live-state ${options.liveState} is a snapshot and cannot be applied to; run apply without --live-state to write to the provider`,
    );
  }
  if (resume.size > 0) {
    const total = plan.tenants.reduce((n, t) => n + t.changes.length, 0);
    const done = [...resume.values()].filter((step) => step.kind === 'done').length;
    if (done === total) {
      io.stderr.write(`Nothing left to apply: every change of plan ${plan.planId} is already done per ${journalPath}.\n`);
      return ExitCode.ok;
    }
    io.stderr.write(`Resuming plan ${plan.planId}: ${countOf(resume.size, 'change')} already done or partly done per ${journalPath}.\n`);
  }
  if (options.autoApprove !== true) {
    const confirmed = await confirmApply(io, `\nApply plan ${plan.planId}? Only "yes" is accepted: `);
    if (!confirmed) {
      io.stderr.write('Apply cancelled; nothing was changed.\n');
      return ExitCode.error;
    }
  }
  const journal = journalPath === undefined ? undefined : await openJournal(resolve(io.cwd, journalPath), plan.planId);
  const progress = new ApplyProgress(io.stderr, { color: useColor(options, io, io.stderr), interactive: cursorEnabled(io, io.stderr) });
  let result: ApplyResult;
  try {
    result = await applyPlan(plan, provider, {
      tenantConcurrency: options.concurrency,
      progress,
      resume,
      ...(options.acknowledge === undefined ? {} : { acknowledge: options.acknowledge }),
      ...(journal === undefined ? {} : { journal }),
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
  } finally {
    progress.finish();
    await journal?.close();
  }
  io.stdout.write(`${renderApplySummary(result)}\n`);
  if (journalPath !== undefined) io.stderr.write(`Journal: ${journalPath}\n`);
  return result.summary.failed > 0 || result.summary.skipped > 0 ? ExitCode.error : ExitCode.ok;
}
