// STUB (issue 2): signatures fixed; implementation in progress.
import type { Diagnostic } from '../errors.js';
import type { LiveTenant, Plan, ProviderIdentity, ResolvedTenant } from '../model/types.js';

export interface PlanInput {
  tenants: readonly { desired: ResolvedTenant; live: LiveTenant }[];
  provider: ProviderIdentity;
  configDigest: string;
}

/**
 * SPEC §2 in one pure, synchronous, deterministic call. Diagnostics (severity error) for what cannot be planned:
 * a declared `jit` group (READ_ONLY_GROUP), authoritative membership where the server cannot list members
 * (MEMBERS_UNREADABLE), ambiguous matches. The plan is returned even then, for inspection.
 */
export function computePlan(_input: PlanInput): { plan: Plan; diagnostics: Diagnostic[] } {
  throw new Error('not implemented');
}
