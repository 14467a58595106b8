import { GroupformError } from '../../errors.js';
import type { Secret } from '../../model/secret.js';
import type { DesiredTenant, LiveGroup, LiveTenant, ScimProviderConfig } from '../../model/types.js';
import type { ProviderContext } from '../context.js';
import { providerIdentity } from '../identity.js';
import type { Provider } from '../provider.js';
import { ScimTenantClient, tenantBaseUrl } from './client.js';
import { loadScimTenant } from './load-tenant.js';
import { narrowProfile, scimClientProfiles, type ScimClientProfile } from './profiles.js';
import type { TenantSession } from './session.js';
import { writeGroupChange } from './group-writer.js';
import type { GroupWriteTarget } from './group-port.js';
import { scimWriteTarget } from './tenant-port.js';
import { TokenReachCheck } from './token-reach.js';
import { readServiceProviderConfig } from './wire.js';

export { ScimTokenRejectedError } from './client.js';
export { scimClientProfiles, type ScimClientProfile } from './profiles.js';

export interface ScimProviderOptions {
  /** Replaces parts of the named profile, e.g. to play a server revision without a member filter. */
  profileOverrides?: Partial<ScimClientProfile>;
}

export function createScimProvider(
  config: ScimProviderConfig,
  tenants: readonly DesiredTenant[],
  context: ProviderContext,
  options: ScimProviderOptions = {},
): Provider {
  const profile: ScimClientProfile = { ...scimClientProfiles[config.profile], ...options.profileOverrides };
  const credentials = new Map(tenants.map((t) => [t.tenantId, t.credential]));
  const sessions = new Map<string, Promise<TenantSession>>();
  const clients: ScimTenantClient[] = [];
  // One per session, so a server that refuses PATCH switches the rest of its tenant's changes to PUT.
  const targets = new WeakMap<TenantSession, GroupWriteTarget>();
  // One URL for every tenant: the token alone chooses the tenant, so what it reaches is checked before use.
  const reach = config.baseUrl.includes('{tenantId}') ? undefined : new TokenReachCheck(tenants);
  // Each tenant's groups as its last load saw them: what the plan accounted for.
  const loaded = new Map<string, Map<string, LiveGroup>>();

  function tokenOf(tenantId: string, given?: Secret): Secret {
    const token = given ?? credentials.get(tenantId) ?? config.token;
    if (token === undefined) {
      throw new GroupformError('TOKEN_MISSING', `tenant ${tenantId} has no SCIM bearer token: set \`token\` on the tenant or on the provider`);
    }
    return token;
  }

  async function openSession(tenantId: string, token: Secret, signal?: AbortSignal): Promise<TenantSession> {
    const client = new ScimTenantClient(tenantId, tenantBaseUrl(config.baseUrl, tenantId), token, profile, config.http, context);
    clients.push(client);
    const facts = readServiceProviderConfig(await client.getServiceProviderConfig(signal));
    const effective = narrowProfile(profile, facts);
    context.debug?.(`scim tenant ${tenantId}: profile ${profile.name}, page size ${effective.pageSize}, writes by ${effective.writeStyle.toUpperCase()}`);
    return {
      tenantId,
      client,
      profile: effective,
      concurrency: Math.max(1, context.limiter.maxInFlight),
      ...(context.debug === undefined ? {} : { debug: context.debug }),
    };
  }

  function sessionFor(tenantId: string, given?: Secret, signal?: AbortSignal): Promise<TenantSession> {
    let session = sessions.get(tenantId);
    if (session === undefined) {
      session = openSession(tenantId, tokenOf(tenantId, given), signal);
      // A failed open (refused token, unreachable server) is not cached: the next call tries again.
      session.catch(() => sessions.delete(tenantId));
      sessions.set(tenantId, session);
    }
    return session;
  }

  async function loadTenant(desired: DesiredTenant, signal?: AbortSignal): Promise<LiveTenant> {
    const session = await sessionFor(desired.tenantId, desired.credential, signal);
    const live = await loadScimTenant(session, desired, signal);
    reach?.check(desired.tenantId, tokenOf(desired.tenantId, desired.credential).origin, live.groups);
    loaded.set(live.tenantId, new Map(live.groups.map((g) => [g.id, g])));
    return live;
  }

  return {
    identity: providerIdentity(config),
    loadTenant,
    async applyChange(tenantId, change, stop = {}) {
      // A change applied without its tenant loaded by this provider (the programmatic API allows it) loads it first.
      const desired = tenants.find((t) => t.tenantId === tenantId);
      if (reach !== undefined && !reach.isChecked(tenantId) && desired !== undefined) await loadTenant(desired, stop.signal);
      const session = await sessionFor(tenantId, undefined, stop.signal);
      let target = targets.get(session);
      if (target === undefined) targets.set(session, (target = scimWriteTarget(session, (groupId) => loaded.get(tenantId)?.get(groupId))));
      return writeGroupChange(target, change, stop);
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}
