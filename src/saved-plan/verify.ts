import { configDigest } from '../config/index.js';
import { GroupformError } from '../errors.js';
import type { DesiredState, LiveTenant, Plan } from '../model/types.js';
import { planFromLive } from '../pipeline.js';
import { computePlanId } from '../plan/plan-id.js';
import { providerIdentity } from '../providers/identity.js';
import type { Provider } from '../providers/provider.js';
import { canonicalJson } from '../util/hash.js';
import { checkSavedPlan, recheckSafety } from './check.js';
import { assertNoExpiryPassed } from './expiry.js';
import { changeKey, type JournalMark, type ResumeStep } from './resume.js';

const RUN_PLAN_AGAIN = 'Run plan again and review the new plan.';

/** A saved plan checked against the live state, with what an earlier run of it (per its journal) already did. */
export interface VerifiedPlan {
  /** The plan to apply, its safety decided again on the live state. */
  plan: Plan;
  /** Keyed by changeKey; empty without a journal of this plan. */
  resume: Map<string, ResumeStep>;
}

/**
 * The saved plan was planned from this configuration (digest, over `desired` selected to the plan's tenants)
 * against this provider, and no membership expired since its `asOf`. Needs no network.
 */
export function verifySavedPlanConfig(plan: Plan, desired: DesiredState, file: string, now: number): void {
  const planTenants = plan.tenants.map((t) => t.tenant);
  const missing = planTenants.filter((id) => !desired.tenants.some((t) => t.tenantId === id));
  if (missing.length > 0) {
    throw new GroupformError('PLAN_CONFIG_CHANGED', `${file} plans tenants the configuration no longer declares: ${missing.join(', ')}`);
  }
  if (configDigest(desired, planTenants) !== plan.configDigest) {
    throw new GroupformError(
      'PLAN_CONFIG_CHANGED',
      `the configuration changed since ${file} was planned (config digest differs); run plan again and review the new plan`,
    );
  }
  assertNoExpiryPassed(plan, desired, now, file);
  if (canonicalJson(providerIdentity(desired.provider)) !== canonicalJson(plan.provider)) {
    throw new GroupformError('PLAN_PROVIDER_CHANGED', `${file} was planned against a different provider; run plan again`);
  }
}

/**
 * A saved plan is performed only if it still describes the world: every group it touches unchanged since
 * planning (fingerprints), and every change one the configuration still gives. Otherwise it is refused, naming
 * what moved. Changes the journal `marks` show this same plan already started or did are allowed to have moved,
 * in their own direction only (checkSavedPlan).
 */
export function verifySavedPlanLive(
  plan: Plan,
  desired: DesiredState,
  provider: Provider,
  live: readonly LiveTenant[],
  marks: ReadonlyMap<string, JournalMark>,
  file: string,
  now: number,
): VerifiedPlan {
  const { stale, steps } = checkSavedPlan(plan, live, marks);
  if (stale.length > 0) {
    throw new GroupformError('PLAN_STALE', `the live state changed since ${file} was planned; nothing was written:`, { list: stale, footer: RUN_PLAN_AGAIN });
  }
  assertChangesFollowFromConfig(plan, planFromLive(desired, live, provider, now), steps, file);
  const limits = new Map(desired.tenants.map((t) => [t.tenantId, t.safety]));
  return { plan: recheckSafety(plan, live, limits, steps), resume: steps };
}

/**
 * The planId is what `--acknowledge` approves, so it must name exactly the changes in the file: an edited
 * change under the old id would inherit its acknowledgement (README, Safety and saved plans).
 */
export function assertPlanIntact(plan: Plan, file: string): void {
  const actualId = computePlanId(plan.tenants);
  if (actualId === plan.planId) return;
  throw new GroupformError(
    'PLAN_TAMPERED',
    `${file} was edited after it was planned: its planId ${plan.planId} does not match its changes (they hash to ${actualId}); nothing was written.`,
    { footer: RUN_PLAN_AGAIN },
  );
}

/**
 * With the config unchanged (digest) and every touched group unchanged (fingerprints), planning again gives each
 * saved change again; a change it does not give was written into the file, not planned (a planId recomputed
 * after the edit passes assertPlanIntact). Changes an earlier run of this plan began are left to the journal
 * checks. The fresh plan may hold more changes, on groups the saved plan does not touch: those are not applied.
 */
function assertChangesFollowFromConfig(saved: Plan, fresh: Plan, resumed: ReadonlyMap<string, ResumeStep>, file: string): void {
  const freshChanges = new Set(fresh.tenants.flatMap((t) => t.changes.map((c) => canonicalJson([t.tenant, c]))));
  const unplanned = saved.tenants.flatMap((t) =>
    t.changes
      .filter((c) => !resumed.has(changeKey(t.tenant, c)) && !freshChanges.has(canonicalJson([t.tenant, c])))
      .map((c) => `${t.tenant}: ${c.action} "${c.group}"`),
  );
  if (unplanned.length === 0) return;
  throw new GroupformError('PLAN_TAMPERED', `${file} holds changes that the configuration and the live state do not give; nothing was written:`, {
    list: unplanned,
    footer: RUN_PLAN_AGAIN,
  });
}

