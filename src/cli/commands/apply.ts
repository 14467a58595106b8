import { applyPlan, type ApplyResult } from '../../apply/apply-plan.js';
import { confirmApply } from '../../apply/confirm.js';
import { openJournal } from '../../apply/journal.js';
import { ApplyProgress } from '../../apply/progress.js';
import { renderApplySummary } from '../../apply/summary.js';
import { ExitCode } from '../../errors.js';
import type { Plan } from '../../model/types.js';
import type { Provider } from '../../providers/provider.js';
import { renderText } from '../../render/text.js';
import type { CommandIo } from '../io.js';
import { buildPlan, type SelectionOptions, useColor } from './common.js';
import { blockedExitMessage, hasChanges } from './plan-checks.js';
import { loadSavedPlanForApply } from './saved-plan.js';

export interface ApplyCommandOptions extends SelectionOptions {
  autoApprove?: boolean;
  plan?: string;
  acknowledge?: string;
  journal?: string;
}

export async function runApply(options: ApplyCommandOptions, io: CommandIo): Promise<number> {
  const { plan, provider } =
    options.plan === undefined ? await buildPlan(options, io) : await loadSavedPlanForApply(options.plan, options, io);
  try {
    return await confirmAndApply(plan, provider, options, io);
  } finally {
    await provider.close();
  }
}

async function confirmAndApply(plan: Plan, provider: Provider, options: ApplyCommandOptions, io: CommandIo): Promise<number> {
  io.stdout.write(renderText(plan, { color: useColor(options, io) }));
  if (!hasChanges(plan)) return ExitCode.ok;
  const blocked = blockedExitMessage(plan, options.acknowledge);
  if (blocked !== undefined) {
    io.stderr.write(`${blocked}\n`);
    return ExitCode.blocked;
  }
  if (options.autoApprove !== true) {
    const confirmed = await confirmApply(io, `\nApply plan ${plan.planId}? Only "yes" is accepted: `);
    if (!confirmed) {
      io.stderr.write('Apply cancelled; nothing was changed.\n');
      return ExitCode.error;
    }
  }
  const journalPath = options.journal ?? (options.plan === undefined ? undefined : `${options.plan}.journal.jsonl`);
  const journal = journalPath === undefined ? undefined : await openJournal(journalPath, plan.planId);
  const progress = new ApplyProgress(io.stderr, { color: useColor(options, io, io.stderr), interactive: io.stderr.isTTY === true });
  let result: ApplyResult;
  try {
    result = await applyPlan(plan, provider, {
      tenantConcurrency: options.concurrency,
      progress,
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
