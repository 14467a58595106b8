import { computeApprovers } from '../../approvals/approvers.js';
import { renderApproversCodeowners, renderApproversJson, renderApproversText } from '../../approvals/render.js';
import { parseInstant } from '../../model/expiry.js';
import { parseSavedPlan } from '../../saved-plan/read.js';
import { assertPlanIntact, verifySavedPlanConfig } from '../../saved-plan/verify.js';
import { readTextFile } from '../files.js';
import type { CommandIo } from '../io.js';
import { clockOf, loadSelectedDesired, type SelectionOptions } from './selection.js';

export interface ApproversOptions extends SelectionOptions {
  plan: string;
  format: 'text' | 'json' | 'codeowners';
  /** The change's author (login id or user id): removing only themself needs no approval. */
  author?: string;
}

/** Who must approve a saved plan, per changed group, from the owners the config declares. No network. */
export async function runApprovers(options: ApproversOptions, io: CommandIo): Promise<number> {
  const plan = parseSavedPlan(await readTextFile(io, options.plan), options.plan);
  assertPlanIntact(plan, options.plan);
  // Judged as of the plan, so the config's maxDuration rules and expiries read as they did when it was made.
  const now = (plan.asOf === undefined ? undefined : parseInstant(plan.asOf)) ?? clockOf(options, io);
  const tenant = plan.tenants.map((t) => t.tenant);
  // The plan's own tenants, whatever the command line selected.
  const { shard: _shard, ...unsharded } = options;
  const desired = await loadSelectedDesired({ ...unsharded, tenant, excludeTenant: [] }, io, now);
  verifySavedPlanConfig(plan, desired, options.plan, now);
  const report = computeApprovers(plan, desired, options.author);
  const render = options.format === 'json' ? renderApproversJson : options.format === 'codeowners' ? renderApproversCodeowners : renderApproversText;
  io.stdout.write(render(report));
  return 0;
}
