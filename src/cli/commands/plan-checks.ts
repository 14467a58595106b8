import { printable } from '../../util/printable.js';
import type { Plan } from '../../model/types.js';

export function hasChanges(plan: Plan): boolean {
  return plan.tenants.some((t) => t.changes.length > 0);
}

/**
 * Why this plan may not proceed, or undefined. An acknowledgement lifts a block only when it names this
 * exact plan: the id hashes the changes, so a different change never inherits it.
 */
export function blockedExitMessage(plan: Plan, acknowledge: string | undefined): string | undefined {
  if (!plan.summary.blocked) return undefined;
  if (acknowledge === plan.planId) return undefined;
  const reasons = plan.tenants.flatMap((t) => t.blocked.map((b) => `  ${printable(t.tenant)}: ${printable(b.message)}`));
  const ack =
    acknowledge === undefined
      ? `To proceed anyway, review it and pass --acknowledge ${plan.planId}.`
      : `--acknowledge ${acknowledge} does not match this plan (${plan.planId}): the changes differ from the ones acknowledged.`;
  return `groupform: plan ${plan.planId} is blocked by a safety rule:\n${reasons.join('\n')}\n${ack}`;
}
