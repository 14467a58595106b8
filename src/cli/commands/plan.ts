import { ExitCode } from '../../errors.js';
import type { Plan } from '../../model/types.js';
import { renderJson } from '../../render/json.js';
import { renderMarkdown } from '../../render/markdown.js';
import { renderText } from '../../render/text.js';
import { writeFileAtomic } from '../files.js';
import type { CommandIo } from '../io.js';
import { buildPlan, type SelectionOptions, useColor } from './common.js';
import { blockedExitMessage, hasChanges } from './plan-checks.js';

export interface PlanCommandOptions extends SelectionOptions {
  format: 'text' | 'markdown' | 'json';
  out?: string;
  detailedExitcode?: boolean;
  liveState?: string;
  acknowledge?: string;
  /** Plan only the tenants whose configuration differs in meaning from this git ref. */
  changedSince?: string;
}

export async function runPlan(options: PlanCommandOptions, io: CommandIo): Promise<number> {
  const { plan, provider } = await buildPlan(options, io);
  await provider.close();
  io.stdout.write(renderPlan(plan, options.format, useColor(options, io)));
  if (options.out !== undefined) {
    await writeFileAtomic(io, options.out, renderJson(plan));
    io.stderr.write(`Saved plan ${plan.planId} to ${options.out}; perform it with: groupform apply --plan ${options.out}\n`);
  }
  const blocked = blockedExitMessage(plan, options.acknowledge);
  if (blocked !== undefined) {
    // The text format already shows why; machine formats keep stdout clean, so say it on stderr.
    if (options.format !== 'text') io.stderr.write(`${blocked}\n`);
    return ExitCode.blocked;
  }
  return options.detailedExitcode === true && hasChanges(plan) ? ExitCode.changesPresent : ExitCode.ok;
}

export function renderPlan(plan: Plan, format: PlanCommandOptions['format'], color: boolean): string {
  switch (format) {
    case 'json':
      return renderJson(plan);
    case 'markdown':
      return renderMarkdown(plan);
    case 'text':
      return renderText(plan, { color });
  }
}
