import { GroupformError } from '../../errors.js';
import type { Stop } from '../../http/index.js';
import type { Secret } from '../../model/secret.js';
import type { DescopeProviderConfig, DesiredTenant, LiveGroup, LiveTenant } from '../../model/types.js';
import { DescopeManagementClient, DescopeScimClient, type DescopeTransport } from './client.js';
import { TenantKeyCheck, type ManagedGroup } from './key-check.js';
import { DEFAULT_WRITE_VISIBILITY_SECONDS } from './write-visibility.js';
import { TenantWriteCheck } from './write-check.js';

function isEmpty(secret: Secret | undefined): secret is undefined {
  return secret === undefined || secret.reveal() === '';
}

/**
 * What a Descope provider keeps per run: the one management client, and per tenant its SCIM client, key check,
 * write check and the groups its load saw. Each is made on first use, so a plan-only run needs no SCIM key.
 */
export class DescopeTenants {
  readonly #config: DescopeProviderConfig;
  readonly #transport: DescopeTransport;
  readonly #desiredById: Map<string, DesiredTenant>;
  readonly #loadedGroups = new Map<string, Map<string, LiveGroup>>();
  readonly #scimClients = new Map<string, DescopeScimClient>();
  readonly #keyChecks = new Map<string, TenantKeyCheck>();
  readonly #writeChecks = new Map<string, TenantWriteCheck>();
  readonly #waitMs: number;
  #management: DescopeManagementClient | undefined;

  constructor(config: DescopeProviderConfig, tenants: readonly DesiredTenant[], transport: DescopeTransport) {
    this.#config = config;
    this.#transport = transport;
    this.#desiredById = new Map(tenants.map((t) => [t.tenantId, t]));
    this.#waitMs = (config.writeVisibilitySeconds ?? DEFAULT_WRITE_VISIBILITY_SECONDS) * 1000;
  }

  /** A tenant's SSO configuration, sent with every management read when the config sets one. */
  ssoOf(tenantId: string): string | undefined {
    return this.#desiredById.get(tenantId)?.ssoId;
  }

  management(): DescopeManagementClient {
    if (this.#management !== undefined) return this.#management;
    const key = this.#config.managementKey;
    if (isEmpty(key)) {
      const origin = this.#config.managementKey === undefined ? '' : ` (${this.#config.managementKey.origin} is empty)`;
      throw new GroupformError(
        'MANAGEMENT_KEY_MISSING',
        `no Descope management key${origin}: reading groups and users needs provider.managementKey, e.g. \${DESCOPE_MANAGEMENT_KEY} set in the environment`,
      );
    }
    return (this.#management = new DescopeManagementClient(this.#transport, key));
  }

  /** True when the tenant has a SCIM key to read and write with (an empty one counts as none). */
  hasScimKey(desired: DesiredTenant): boolean {
    return !isEmpty(desired.credential);
  }

  scim(tenantId: string): DescopeScimClient {
    const known = this.#scimClients.get(tenantId);
    if (known !== undefined) return known;
    const key = this.#desiredById.get(tenantId)?.credential;
    if (isEmpty(key)) throw this.#scimKeysMissing([tenantId]);
    const client = new DescopeScimClient(this.#transport, tenantId, key);
    this.#scimClients.set(tenantId, client);
    return client;
  }

  /** Throws SCIM_KEY_MISSING naming every tenant of `tenantIds` without its key, before anything is written. */
  assertScimKeys(tenantIds: readonly string[]): void {
    const missing = tenantIds.filter((tenantId) => isEmpty(this.#desiredById.get(tenantId)?.credential));
    if (missing.length > 0) throw this.#scimKeysMissing(missing);
  }

  // Every tenant without its key in one message, so a CI job with two unmapped secrets is fixed in one go.
  #scimKeysMissing(tenantIds: readonly string[]): GroupformError {
    const gaps = tenantIds.map((tenantId) => {
      const desired = this.#desiredById.get(tenantId);
      const origin = desired?.credential === undefined ? '' : ` (${desired.credential.origin} is empty)`;
      const where = desired === undefined ? 'it is not in the config' : `set scimKey for it at ${desired.at.file}:${desired.at.line}:${desired.at.column}`;
      return `tenant ${tenantId} has no SCIM key${origin}; ${where}`;
    });
    return new GroupformError(
      'SCIM_KEY_MISSING',
      `${gaps.join('; ')}. Descope groups are written through SCIM with each tenant's SCIM access key; nothing was written`,
    );
  }

  /** Remembers what a load saw, for the read-only refusal and the key check. */
  rememberLoaded(live: LiveTenant): void {
    this.#loadedGroups.set(live.tenantId, new Map(live.groups.map((g) => [g.id, g])));
  }

  loaded(tenantId: string, groupId: string): LiveGroup | undefined {
    return this.#loadedGroups.get(tenantId)?.get(groupId);
  }

  keyCheck(tenantId: string): TenantKeyCheck {
    let check = this.#keyChecks.get(tenantId);
    if (check === undefined) {
      check = new TenantKeyCheck({
        tenantId,
        origin: this.#desiredById.get(tenantId)?.credential?.origin ?? 'the config',
        scim: this.scim(tenantId),
        loadedGroups: async (stop) => {
          const loaded = this.#loadedGroups.get(tenantId);
          return loaded === undefined ? this.#managedGroups(tenantId, stop) : [...loaded.values()];
        },
        currentGroups: (stop) => this.#managedGroups(tenantId, stop),
        hasGroup: async (groupId, stop) => (await this.management().loadGroupMembers(tenantId, groupId, stop, this.ssoOf(tenantId))) !== undefined,
        waitMs: this.#waitMs,
      });
      this.#keyChecks.set(tenantId, check);
    }
    return check;
  }

  writeCheck(tenantId: string): TenantWriteCheck {
    let check = this.#writeChecks.get(tenantId);
    if (check === undefined) {
      const debug = this.#transport.context.debug;
      check = new TenantWriteCheck({
        tenantId,
        readGroup: (groupId, stop) => this.management().loadGroupMembers(tenantId, groupId, stop, this.ssoOf(tenantId)),
        readGroups: (stop) => this.management().loadAllGroups(tenantId, stop, this.ssoOf(tenantId)),
        groupCount: () => this.#loadedGroups.get(tenantId)?.size ?? 0,
        waitMs: this.#waitMs,
        ...(debug === undefined ? {} : { debug }),
      });
      this.#writeChecks.set(tenantId, check);
    }
    return check;
  }

  /** Waits until the management API shows the tenant's writes not read back yet (TenantWriteCheck.settle). */
  async settle(tenantId: string, stop: Stop): Promise<void> {
    await this.#writeChecks.get(tenantId)?.settle(stop);
  }

  async close(): Promise<void> {
    await Promise.all([this.#management?.close(), ...[...this.#scimClients.values()].map((c) => c.close())]);
  }

  async #managedGroups(tenantId: string, stop: Stop): Promise<ManagedGroup[]> {
    return (await this.management().loadAllGroups(tenantId, stop, this.ssoOf(tenantId))).map((g) => ({ id: g.id, name: g.display, source: g.source }));
  }
}
