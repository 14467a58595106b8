import { GroupformError } from '../../errors.js';
import type { Secret } from '../../model/secret.js';
import type { DescopeProviderConfig, DesiredTenant, GroupChange, LiveGroup, LiveTenant } from '../../model/types.js';
import type { ProviderContext } from '../context.js';
import { RateGate, assertSafeUrl, type Stop } from '../../http/index.js';
import { resolveThrottle, toTimeouts } from '../http-client.js';
import { descopeBaseUrl, providerIdentity } from '../identity.js';
import { resolveRateLimits } from '../rate-limits.js';
import type { AppliedChange, Provider } from '../provider.js';
import { DescopeManagementClient, DescopeScimClient, type DescopeTransport } from './client.js';
import { declaredUsers, type DeclaredUsers } from '../declared-users.js';
import { toLiveTenant, unknownUsers } from './mapping.js';
import { DEFAULT_SEARCH_LIMIT, searchTenantUsers } from './user-search.js';
import type { WireGroup, WireUser } from './wire.js';
import { TenantKeyCheck, type ManagedGroup } from './key-check.js';
import { DEFAULT_WRITE_VISIBILITY_SECONDS } from './write-visibility.js';
import { TenantWriteCheck } from './write-check.js';
import { refuseReadOnly, type GroupWriteTarget } from '../scim/group-port.js';
import { writeGroupChange } from '../scim/group-writer.js';
import { scimClientProfiles } from '../scim/profiles.js';

const DESCOPE_SCIM = scimClientProfiles.descope;

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
  const transport: DescopeTransport = {
    baseUrl,
    projectId: config.projectId,
    context,
    gate: new RateGate(resolveThrottle(context, resolveRateLimits(DESCOPE_SCIM.rateLimits, config.http))),
    timeouts: toTimeouts(config.http),
  };
  const desiredById = new Map(tenants.map((t) => [t.tenantId, t]));
  const loadedGroups = new Map<string, Map<string, LiveGroup>>();
  const scimClients = new Map<string, DescopeScimClient>();
  const keyChecks = new Map<string, TenantKeyCheck>();
  const writeChecks = new Map<string, TenantWriteCheck>();
  const waitMs = (config.writeVisibilitySeconds ?? DEFAULT_WRITE_VISIBILITY_SECONDS) * 1000;
  // A tenant's SSO configuration, sent with every management read when the config sets one.
  const ssoOf = (tenantId: string): string | undefined => desiredById.get(tenantId)?.ssoId;
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
    const loaded = await client.loadGroupMembers(tenantId, group.id, { signal }, ssoOf(tenantId));
    if (loaded === undefined) {
      throw new GroupformError('LIVE_STATE_CHANGED', `group ${group.id} of tenant ${tenantId} disappeared while it was being read; run again`);
    }
    return { ...group, members: loaded.members ?? [] };
  }

  /**
   * The management API never returns a group's externalId; SCIM does. It is read only when the config declares
   * one, with the tenant's SCIM key; without the key (a plan-only job) it is 'unread', and the planner does not
   * take "not shown" for "different".
   */
  async function readExternalIds(desired: DesiredTenant, signal?: AbortSignal): Promise<Map<string, string> | 'unread'> {
    const ids = new Map<string, string>();
    if (!desired.groups.some((g) => g.externalId !== undefined)) return ids;
    if (isEmpty(desired.credential)) return 'unread';
    for (const group of await scimClient(desired.tenantId).listGroups({ signal })) if (group.externalId !== undefined) ids.set(group.id, group.externalId);
    return ids;
  }

  async function loadGroups(client: DescopeManagementClient, tenantId: string, signal?: AbortSignal): Promise<LoadedGroup[]> {
    const wire = await client.loadAllGroups(tenantId, { signal }, ssoOf(tenantId));
    return Promise.all(wire.map((g) => withMembers(client, tenantId, g, signal)));
  }

  async function searchUsers(client: DescopeManagementClient, tenantId: string, users: DeclaredUsers, signal?: AbortSignal): Promise<WireUser[]> {
    const found = await Promise.all([
      searchTenantUsers(client, tenantId, 'loginIds', users.loginIds, searchLimit, signal),
      searchTenantUsers(client, tenantId, 'userIds', users.userIds, searchLimit, signal),
    ]);
    return found.flat();
  }

  // Users are searched after group/all answers, and only those no live member shows: in a typical run that is
  // most of them. Searching alongside group/all would save a round trip only when something is left, and would
  // search users group/all shows anyway; every request counts against Descope's rate limits (docs/providers.md).
  // Measured against the emulator at 20 ms latency, --concurrency 8, median of 3 (provider phase = plan minus
  // plan --live-state): 200 tenants: 237 requests and 0.98 s after, 400 and 1.49 s alongside; one tenant of
  // 5,000 groups: 1 request and 0.34 s after, 51 and 1.11 s alongside.
  async function loadTenant(desired: DesiredTenant, signal?: AbortSignal): Promise<LiveTenant> {
    const client = managementClient();
    const { tenantId } = desired;
    const loadGroupsAndUsers = async () => {
      const groups = await loadGroups(client, tenantId, signal);
      return { groups, found: await searchUsers(client, tenantId, unknownUsers(declaredUsers(desired), groups), signal) };
    };
    const [{ groups, found }, externalIds] = await Promise.all([loadGroupsAndUsers(), readExternalIds(desired, signal)]);
    const live = toLiveTenant(tenantId, groups, found, externalIds);
    loadedGroups.set(tenantId, new Map(live.groups.map((g) => [g.id, g])));
    return live;
  }

  const managedGroups = async (tenantId: string, stop: Stop): Promise<ManagedGroup[]> =>
    (await managementClient().loadAllGroups(tenantId, stop, ssoOf(tenantId))).map((g) => ({ id: g.id, name: g.display, source: g.source }));

  const keyCheck = (tenantId: string, scim: DescopeScimClient): TenantKeyCheck => {
    let check = keyChecks.get(tenantId);
    if (check === undefined) {
      check = new TenantKeyCheck({
        tenantId,
        origin: desiredById.get(tenantId)?.credential?.origin ?? 'the config',
        scim,
        loadedGroups: async (stop) => {
          const loaded = loadedGroups.get(tenantId);
          return loaded === undefined ? managedGroups(tenantId, stop) : [...loaded.values()];
        },
        currentGroups: (stop) => managedGroups(tenantId, stop),
        hasGroup: async (groupId, stop) => (await managementClient().loadGroupMembers(tenantId, groupId, stop, ssoOf(tenantId))) !== undefined,
        waitMs,
      });
      keyChecks.set(tenantId, check);
    }
    return check;
  };

  const writeCheck = (tenantId: string): TenantWriteCheck => {
    let check = writeChecks.get(tenantId);
    if (check === undefined) {
      check = new TenantWriteCheck({
        tenantId,
        readGroup: (groupId, stop) => managementClient().loadGroupMembers(tenantId, groupId, stop, ssoOf(tenantId)),
        waitMs,
        ...(context.debug === undefined ? {} : { debug: context.debug }),
      });
      writeChecks.set(tenantId, check);
    }
    return check;
  };

  return {
    identity,
    loadTenant,
    async applyChange(tenantId: string, change: GroupChange, stop: Stop = {}): Promise<AppliedChange> {
      const loaded = (groupId: string) => loadedGroups.get(tenantId)?.get(groupId);
      // Refused before any request, the key check's included.
      if (change.action !== 'create') refuseReadOnly(tenantId, loaded(change.groupId));
      const scim = scimClient(tenantId);
      const check = keyCheck(tenantId, scim);
      const target: GroupWriteTarget = {
        tenantId,
        port: scim,
        limits: DESCOPE_SCIM,
        mode: writeMode,
        loaded,
        confirmGone: (groupId, s) => check.confirmGone(groupId, s),
      };
      return writeCheck(tenantId).write(change, stop, () => check.write(change, stop, (probe) => writeGroupChange(target, change, stop, probe)));
    },
    async close(): Promise<void> {
      await Promise.all([management?.close(), ...[...scimClients.values()].map((c) => c.close())]);
    },
  };
}
