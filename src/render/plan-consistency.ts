import type { Plan, PlanSummary } from '../model/types.js';
import { summarizePlan } from '../plan/compute.js';

/**
 * What a schema cannot say about a saved plan: its totals must agree with its changes, and every change to a
 * live group must carry the fingerprint `apply --plan` checks (a plan edited by hand usually breaks one of these).
 */
export function findPlanInconsistencies(plan: Plan): string[] {
  const problems: string[] = [];
  const seenTenants = new Set<string>();
  plan.tenants.forEach((tenant, t) => {
    if (seenTenants.has(tenant.tenant)) problems.push(`/tenants/${t}/tenant: tenant "${tenant.tenant}" appears twice`);
    seenTenants.add(tenant.tenant);
    const seenGroupIds = new Set<string>();
    tenant.changes.forEach((change, c) => {
      if (change.action === 'create') return;
      const at = `/tenants/${t}/changes/${c}`;
      if (seenGroupIds.has(change.groupId)) problems.push(`${at}/groupId: group id "${change.groupId}" is changed twice`);
      seenGroupIds.add(change.groupId);
      if (!Object.hasOwn(tenant.fingerprints, change.groupId)) {
        problems.push(`${at}: no fingerprint for group id "${change.groupId}" in /tenants/${t}/fingerprints`);
      }
    });
    if (tenant.changes.some((c) => c.action === 'create') && !Object.hasOwn(tenant.fingerprints, '@groups')) {
      problems.push(`/tenants/${t}/fingerprints: missing "@groups", which the creates of this tenant need`);
    }
  });
  const expected = summarizePlan(plan.tenants);
  for (const key of Object.keys(expected) as (keyof PlanSummary)[]) {
    if (plan.summary[key] !== expected[key]) {
      problems.push(
        `/summary/${key}: is ${JSON.stringify(plan.summary[key])} but the changes give ${JSON.stringify(expected[key])}`,
      );
    }
  }
  return problems;
}
