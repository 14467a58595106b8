import { compareDiagnostics, type Diagnostic } from '../errors.js';
import { compareStrings } from '../model/normalize.js';
import type { GroupChange, LiveTenant, Plan, PlanSummary, ProviderIdentity, ResolvedTenant, TenantPlan } from '../model/types.js';
import { formatInstant } from '../model/expiry.js';
import { computePlanId } from './plan-id.js';
import { planTenant } from './tenant-plan.js';

export interface PlanInput {
  tenants: readonly { desired: ResolvedTenant; live: LiveTenant }[];
  provider: ProviderIdentity;
  configDigest: string;
  /** The clock, ms since the epoch: an input like the others, so the same input always gives the same plan. */
  now: number;
}

/**
 * The plan semantics of the README in one pure, synchronous, deterministic call. Diagnostics (severity error) for what cannot be planned:
 * a declared `jit` group (READ_ONLY_GROUP), authoritative membership where the server cannot list members
 * (MEMBERS_UNREADABLE), ambiguous matches. The plan is returned even then, for inspection.
 */
export function computePlan(input: PlanInput): { plan: Plan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const tenants = input.tenants.map(({ desired, live }) => planTenant(desired, live, diagnostics, input.now));
  return { plan: assemblePlan(tenants, input.provider, input.configDigest, input.now), diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * The plan of tenants each planned on its own (planTenant): what computePlan returns for the same input, so a
 * caller may plan every tenant as soon as its live state is in and assemble the plan at the end.
 */
export function assemblePlan(tenantPlans: readonly TenantPlan[], provider: ProviderIdentity, configDigest: string, now: number): Plan {
  const tenants = [...tenantPlans].sort((a, b) => compareStrings(a.tenant, b.tenant));
  return { formatVersion: 1, planId: computePlanId(tenants), configDigest, asOf: formatInstant(now), provider, tenants, summary: summarizePlan(tenants) };
}

/** The order every diagnostic list is reported in. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => compareDiagnostics(a, b) || compareStrings(a.message, b.message));
}

export function summarizePlan(tenants: readonly TenantPlan[]): PlanSummary {
  return {
    ...countChanges(tenants.flatMap((t) => t.changes)),
    blocked: tenants.some((t) => t.blocked.length > 0),
  };
}

/** Groups created, updated and deleted, members added and removed: the counts every summary reports. */
export function countChanges(changes: readonly GroupChange[]): Omit<PlanSummary, 'blocked'> {
  const counts = { groupsToCreate: 0, groupsToUpdate: 0, groupsToDelete: 0, membersToAdd: 0, membersToRemove: 0 };
  for (const change of changes) {
    if (change.action === 'create') counts.groupsToCreate += 1;
    else if (change.action === 'update') counts.groupsToUpdate += 1;
    else counts.groupsToDelete += 1;
    counts.membersToAdd += change.add.length;
    counts.membersToRemove += change.remove.length;
  }
  return counts;
}
