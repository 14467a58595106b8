import type { Plan, PlanSummary } from '../model/types.js';

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
  const expected = summarizeChanges(plan);
  for (const key of Object.keys(expected) as (keyof PlanSummary)[]) {
    if (plan.summary[key] !== expected[key]) {
      problems.push(
        `/summary/${key}: is ${JSON.stringify(plan.summary[key])} but the changes give ${JSON.stringify(expected[key])}`,
      );
    }
  }
  return problems;
}

function summarizeChanges(plan: Plan): PlanSummary {
  const summary: PlanSummary = {
    groupsToCreate: 0,
    groupsToUpdate: 0,
    groupsToDelete: 0,
    membersToAdd: 0,
    membersToRemove: 0,
    blocked: false,
  };
  for (const tenant of plan.tenants) {
    if (tenant.blocked.length > 0) summary.blocked = true;
    for (const change of tenant.changes) {
      if (change.action === 'create') summary.groupsToCreate += 1;
      else if (change.action === 'update') summary.groupsToUpdate += 1;
      else summary.groupsToDelete += 1;
      summary.membersToAdd += change.add.length;
      summary.membersToRemove += change.remove.length;
    }
  }
  return summary;
}
