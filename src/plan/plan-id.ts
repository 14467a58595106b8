import type { GroupChange, PlanMember, TenantPlan } from '../model/types.js';
import { canonicalJson, sha256 } from '../util/hash.js';

/**
 * 12 hex digits of the hash of every tenant's changes. Fingerprints and the config digest stay out: the id
 * names what would be done, so acknowledging it approves exactly these changes and nothing else.
 */
export function computePlanId(tenants: readonly TenantPlan[]): string {
  const changes = tenants.map((t) => ({ tenant: t.tenant, changes: t.changes.map(compactChange) }));
  return sha256(canonicalJson(changes)).slice('sha256:'.length, 'sha256:'.length + 12);
}

// Members as [userId, loginId] pairs: the same information, hashed without sorting keys a million times.
function compactChange(change: GroupChange): Record<string, unknown> {
  return { ...change, add: change.add.map(pair), remove: change.remove.map(pair) };
}

function pair(member: PlanMember): [string, string | null] {
  return [member.userId, member.loginId ?? null];
}
