import type { DescopeProviderConfig, DesiredTenant, GroupChange } from '../../model/types.js';
import type { ProviderContext } from '../context.js';
import { RateGate, assertSafeUrl, type Stop } from '../../http/index.js';
import { resolveThrottle, toMaxResponseBytes, toTimeouts } from '../http-client.js';
import { descopeBaseUrl } from '../../model/descope-host.js';
import { providerIdentity } from '../identity.js';
import { resolveRateLimits } from '../rate-limits.js';
import type { AppliedChange, Provider } from '../provider.js';
import type { DescopeTransport } from './client.js';
import { loadDescopeTenant } from './load.js';
import { DescopeTenants } from './tenants.js';
import { DEFAULT_SEARCH_LIMIT, type SearchLimit } from './user-search.js';
import { refuseReadOnly, type GroupWriteTarget } from '../scim/group-port.js';
import { writeGroupChange } from '../scim/group-writer.js';
import { scimClientProfiles } from '../scim/profiles.js';

const DESCOPE_SCIM = scimClientProfiles.descope;

/**
 * The glue: reads go through the management API (load.ts), writes through each tenant's SCIM key behind the
 * key check and the write check (tenants.ts), with the one SCIM group writer every profile shares.
 */
export function createDescopeProvider(
  config: DescopeProviderConfig,
  tenants: readonly DesiredTenant[],
  context: ProviderContext,
): Provider {
  const baseUrl = descopeBaseUrl(config.projectId, config.baseUrl);
  assertSafeUrl(baseUrl, 'the Descope base URL');
  const transport: DescopeTransport = {
    baseUrl,
    projectId: config.projectId,
    context,
    gate: new RateGate(resolveThrottle(context, resolveRateLimits(DESCOPE_SCIM.rateLimits, config.http))),
    timeouts: toTimeouts(config.http),
    maxResponseBytes: toMaxResponseBytes(config.http),
    maxPagesPerList: config.http.maxPagesPerList,
  };
  const run = new DescopeTenants(config, tenants, transport);
  const searchLimit: SearchLimit = { value: DEFAULT_SEARCH_LIMIT };
  const writeMode = { put: config.writeMode === 'put' };

  return {
    identity: providerIdentity(config),
    loadTenant: (desired, signal) => loadDescopeTenant(run, desired, searchLimit, signal),
    async applyChange(tenantId: string, change: GroupChange, stop: Stop = {}): Promise<AppliedChange> {
      const loaded = (groupId: string) => run.loaded(tenantId, groupId);
      // Refused before any request, the key check's included.
      if (change.action !== 'create') refuseReadOnly(tenantId, loaded(change.groupId));
      const scim = run.scim(tenantId);
      const check = run.keyCheck(tenantId);
      const target: GroupWriteTarget = {
        tenantId,
        port: scim,
        limits: DESCOPE_SCIM,
        mode: writeMode,
        loaded,
        confirmGone: (groupId, s) => check.confirmGone(groupId, s),
      };
      return run.writeCheck(tenantId).write(change, stop, () => check.write(change, stop, (probe) => writeGroupChange(target, change, stop, probe)));
    },
    async ready(tenantId: string, change: GroupChange, stop: Stop = {}): Promise<() => void> {
      let keyCheck: ReturnType<typeof run.keyCheck>;
      try {
        keyCheck = run.keyCheck(tenantId);
      } catch {
        // No SCIM key: the change fails on its own, with the message applyChange gives.
        return () => {};
      }
      await keyCheck.ready(stop);
      return run.writeCheck(tenantId).ready(change);
    },
    settle: (tenantId, stop = {}) => run.settle(tenantId, stop),
    assertCanWrite: (tenantIds) => run.assertScimKeys(tenantIds),
    close: () => run.close(),
  };
}
