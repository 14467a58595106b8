import { ExitCode } from '../../errors.js';
import { parseSavedPlan } from '../../saved-plan/read.js';
import { assertPlanIntact } from '../../saved-plan/verify.js';
import { readTextFile } from '../files.js';
import type { CommandIo } from '../io.js';
import { renderPlan, type PlanCommandOptions } from './plan.js';
import { useColor } from './selection.js';

export interface ShowCommandOptions {
  file: string;
  format: PlanCommandOptions['format'];
  color?: boolean;
}

/** A saved plan rendered as `plan` would have printed it; no config, no network. An edited file is refused. */
export async function runShow(options: ShowCommandOptions, io: CommandIo): Promise<number> {
  const plan = parseSavedPlan(await readTextFile(io, options.file), options.file);
  assertPlanIntact(plan, options.file);
  io.stdout.write(renderPlan(plan, options.format, useColor(options, io)));
  return ExitCode.ok;
}
