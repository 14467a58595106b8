import { ApplyProgress } from '../../../src/cli/apply-progress.js';
import type { OutputStream } from '../../../src/cli/io.js';
import { GroupformError } from '../../../src/errors.js';
import type { GroupChange, Plan, TenantPlan } from '../../../src/model/types.js';
import type { AppliedChange, Provider } from '../../../src/providers/provider.js';
import { summarizePlan } from '../../../src/plan/compute.js';

export function tenant(id: string, changes: GroupChange[], extra: Partial<TenantPlan> = {}): TenantPlan {
  return { tenant: id, changes, unmanagedGroups: [], blocked: [], fingerprints: {}, ...extra };
}

export function planOf(tenants: TenantPlan[], planId = 'abc123def456'): Plan {
  return {
    formatVersion: 1, planId, configDigest: `sha256:${'0'.repeat(64)}`,
    provider: { type: 'scim', baseUrl: 'https://scim.example/{tenantId}/scim/v2', profile: 'rfc7644' },
    tenants,
    summary: summarizePlan(tenants),
  };
}

/** Records `tenant action group` in call order (and start/end events), yields so calls overlap, and fails the changes `fail` names. */
export function fakeProvider(options: { fail?: Record<string, Error>; onCall?: (call: string) => void } = {}) {
  const calls: string[] = [];
  const events: string[] = [];
  let inFlight = 0;
  const stats = { maxInFlight: 0, maxTenantsInFlight: 0 };
  const tenantsInFlight = new Map<string, number>();
  const provider: Provider & { calls: string[]; events: string[]; stats: typeof stats } = {
    identity: { type: 'scim', baseUrl: 'https://scim.example/{tenantId}/scim/v2', profile: 'rfc7644' },
    calls,
    events,
    stats,
    loadTenant: () => Promise.reject(new Error('not used')),
    async applyChange(tenantId: string, change: GroupChange): Promise<AppliedChange> {
      const call = `${tenantId} ${change.action} ${change.group}`;
      calls.push(call);
      events.push(`start ${call}`);
      inFlight += 1;
      tenantsInFlight.set(tenantId, (tenantsInFlight.get(tenantId) ?? 0) + 1);
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      stats.maxTenantsInFlight = Math.max(stats.maxTenantsInFlight, tenantsInFlight.size);
      options.onCall?.(call);
      for (let i = 0; i < 3; i += 1) await new Promise((r) => setImmediate(r));
      inFlight -= 1;
      events.push(`end ${call}`);
      const left = (tenantsInFlight.get(tenantId) ?? 1) - 1;
      if (left === 0) tenantsInFlight.delete(tenantId);
      else tenantsInFlight.set(tenantId, left);
      const failure = options.fail?.[call];
      if (failure !== undefined) throw failure;
      return change.action === 'create' ? { groupId: `id-${change.group}` } : { groupId: change.groupId };
    },
    close: () => Promise.resolve(),
  };
  return provider;
}

export const providerError = (message: string): GroupformError => new GroupformError('PROVIDER_REQUEST_FAILED', message);

export function fakeStream(isTTY: boolean): OutputStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, columns: 100, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

export const quietProgress = (): ApplyProgress => new ApplyProgress(fakeStream(false), { color: false, interactive: false });
