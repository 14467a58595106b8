import { compareStrings } from '../model/normalize.js';
import type { DesiredState, DesiredTenant, ProviderConfig } from '../model/types.js';
import { canonicalJson, sha256 } from '../plan/hash.js';
import { compareMembers } from './to-desired.js';

/**
 * `sha256:<hex>` of what the config means for these tenants (default: all of desired's) and the provider:
 * no secrets, no source positions, so reformatting or moving a tenant between files keeps it. HTTP tuning
 * is left out too: it changes how, not what, a plan writes.
 */
export function configDigest(desired: DesiredState, tenantIds?: readonly string[]): string {
  const byId = new Map(desired.tenants.map((t) => [t.tenantId, t]));
  const ids = [...new Set(tenantIds ?? desired.tenants.map((t) => t.tenantId))].sort(compareStrings);
  const content = {
    provider: providerContent(desired.provider),
    tenants: ids.map((id) => {
      const tenant = byId.get(id);
      return tenant === undefined ? { tenantId: id, declared: false } : tenantContent(tenant);
    }),
  };
  return sha256(canonicalJson(content));
}

function providerContent(provider: ProviderConfig): unknown {
  return provider.type === 'descope'
    ? { type: provider.type, projectId: provider.projectId, baseUrl: provider.baseUrl ?? null, writeMode: provider.writeMode }
    : { type: provider.type, baseUrl: provider.baseUrl, profile: provider.profile };
}

function tenantContent(tenant: DesiredTenant): unknown {
  return {
    tenantId: tenant.tenantId,
    unmanagedGroups: tenant.unmanagedGroups,
    safety: tenant.safety,
    groups: tenant.groups.map((g) => ({
      name: g.name,
      externalId: g.externalId ?? null,
      previously: [...g.previously].sort(compareStrings),
      membersMode: g.membersMode,
      members: g.members === undefined ? null : [...g.members].sort(compareMembers).map((m) => ('loginId' in m ? { loginId: m.loginId } : { userId: m.userId })),
    })),
  };
}
