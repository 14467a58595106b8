import { GroupformError } from '../../errors.js';
import type { Secret } from '../../model/secret.js';
import type { DescopeProviderConfig, DesiredTenant, GroupChange, LiveGroup, LiveTenant } from '../../model/types.js';
import type { ProviderContext } from '../context.js';
import { assertSafeUrl } from '../http.js';
import { descopeBaseUrl, providerIdentity } from '../identity.js';
import type { AppliedChange, Provider } from '../provider.js';
import { DescopeManagementClient, DescopeScimClient, type DescopeTransport } from './client.js';
import { declaredUsers } from '../declared-users.js';
import { toLiveTenant } from './mapping.js';
import { SharedThrottle } from './throttle.js';
import { DEFAULT_SEARCH_LIMIT, searchTenantUsers } from './user-search.js';
import type { WireGroup } from './wire.js';
import { writeChange } from './writes.js';

// Descope publishes limits of roughly 100-500 requests per 60 s per IP depending on the path, with a 60 s
// lock-out when exceeded (PROVIDERS.md). The default is the lowest of them as a sliding window: a run of up to
// 100 requests never waits, a larger one is paced so it never trips the lock-out, which would cost far more.
// `http.maxRequestsPerMinute` raises it for projects with a higher tier (and for the emulator).
export const DEFAULT_MAX_REQUESTS_PER_MINUTE = 100;

type LoadedGroup = WireGroup & { members: NonNullable<WireGroup['members']> };

function isEmpty(secret: Secret | undefined): secret is undefined {
  return secret === undefined || secret.reveal() === '';
}

export function createDescopeProvider(
  config: DescopeProviderConfig,
  tenants: readonly DesiredTenant[],
  context: ProviderContext,
): Provider {
  const identity = providerIdentity(config);
  const baseUrl = descopeBaseUrl(config.projectId, config.baseUrl);
  assertSafeUrl(baseUrl, 'the Descope base URL');
  const seconds = config.http.timeoutSeconds;
  // The run's override (tests; `false` against the emulator) wins over the config, as for every provider.
  const throttle = context.throttle === false ? undefined : (context.throttle ?? { requests: config.http.maxRequestsPerMinute ?? DEFAULT_MAX_REQUESTS_PER_MINUTE, perMs: 60_000 });
  const transport: DescopeTransport = {
    baseUrl,
    projectId: config.projectId,
    context,
    throttle: new SharedThrottle(throttle),
    ...(seconds === undefined ? {} : { timeouts: { connectMs: seconds * 1000, headersMs: seconds * 1000, bodyMs: seconds * 1000 } }),
  };
  const desiredById = new Map(tenants.map((t) => [t.tenantId, t]));
  const loadedGroups = new Map<string, Map<string, LiveGroup>>();
  const scimClients = new Map<string, DescopeScimClient>();
  const searchLimit = { value: DEFAULT_SEARCH_LIMIT };
  const writeMode = { put: config.writeMode === 'put' };
  let management: DescopeManagementClient | undefined;

  const managementClient = (): DescopeManagementClient => {
    if (management !== undefined) return management;
    const key = config.managementKey;
    if (isEmpty(key)) {
      const origin = config.managementKey === undefined ? '' : ` (${config.managementKey.origin} is empty)`;
      throw new GroupformError(
        'MANAGEMENT_KEY_MISSING',
        `no Descope management key${origin}: reading groups and users needs provider.managementKey, e.g. \${DESCOPE_MANAGEMENT_KEY} set in the environment`,
      );
    }
    return (management = new DescopeManagementClient(transport, key));
  };

  const scimClient = (tenantId: string): DescopeScimClient => {
    const known = scimClients.get(tenantId);
    if (known !== undefined) return known;
    const desired = desiredById.get(tenantId);
    const key = desired?.credential;
    if (isEmpty(key)) {
      const where = desired === undefined ? 'it is not in the config' : `set scimKey for it at ${desired.at.file}:${desired.at.line}:${desired.at.column}`;
      const origin = desired?.credential === undefined ? '' : ` (${desired.credential.origin} is empty)`;
      throw new GroupformError(
        'SCIM_KEY_MISSING',
        `tenant ${tenantId} has no SCIM key${origin}: Descope groups are written through SCIM with the tenant's SCIM access key; ${where}`,
      );
    }
    const client = new DescopeScimClient(transport, tenantId, key);
    scimClients.set(tenantId, client);
    return client;
  };

  async function withMembers(client: DescopeManagementClient, tenantId: string, group: WireGroup, signal?: AbortSignal): Promise<LoadedGroup> {
    if (group.members !== undefined) return { ...group, members: group.members };
    const loaded = await client.loadGroupMembers(tenantId, group.id, signal);
    if (loaded === undefined) {
      throw new GroupformError('LIVE_STATE_CHANGED', `group ${group.id} of tenant ${tenantId} disappeared while it was being read; run again`);
    }
    return { ...group, members: loaded.members ?? [] };
  }

  /**
   * The management API does not show a group's externalId; SCIM does. It is read only when the config declares
   * one and the tenant has a SCIM key, so matching and externalId updates see the live value.
   */
  async function readExternalIds(desired: DesiredTenant, signal?: AbortSignal): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (!desired.groups.some((g) => g.externalId !== undefined) || isEmpty(desired.credential)) return ids;
    for (const group of await scimClient(desired.tenantId).listGroups(signal)) if (group.externalId !== undefined) ids.set(group.id, group.externalId);
    return ids;
  }

  async function loadTenant(desired: DesiredTenant, signal?: AbortSignal): Promise<LiveTenant> {
    const client = managementClient();
    const { tenantId } = desired;
    const wire = await client.loadAllGroups(tenantId, signal);
    const groups = await Promise.all(wire.map((g) => withMembers(client, tenantId, g, signal)));
    const { loginIds, userIds } = declaredUsers(desired);
    const members = new Set(groups.flatMap((g) => g.members.map((m) => m.userId)));
    const found = [
      ...(await searchTenantUsers(client, tenantId, 'loginIds', loginIds, searchLimit, signal)),
      // Live members are known already; only user ids the config names beyond them are looked up.
      ...(await searchTenantUsers(client, tenantId, 'userIds', userIds.filter((id) => !members.has(id)), searchLimit, signal)),
    ];
    const live = toLiveTenant(tenantId, groups, found, await readExternalIds(desired, signal));
    loadedGroups.set(tenantId, new Map(live.groups.map((g) => [g.id, g])));
    return live;
  }

  return {
    identity,
    loadTenant,
    async applyChange(tenantId: string, change: GroupChange, signal?: AbortSignal): Promise<AppliedChange> {
      const writer = {
        tenantId,
        scim: scimClient(tenantId),
        mode: writeMode,
        loaded: (groupId: string) => loadedGroups.get(tenantId)?.get(groupId),
      };
      return writeChange(writer, change, signal);
    },
    async close(): Promise<void> {
      await Promise.all([management?.close(), ...[...scimClients.values()].map((c) => c.close())]);
    },
  };
}
