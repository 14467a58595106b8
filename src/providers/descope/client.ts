import { GroupformError } from '../../errors.js';
import { Secret } from '../../model/secret.js';
import type { ProviderContext } from '../context.js';
import { HttpError, MalformedResponseError, encodePathSegment, type HttpClient, type HttpRequest, type RateGate, type Stop, type Timeouts } from '../../http/index.js';
import { createHttpClient } from '../http-client.js';
import { listPages } from '../scim/client.js';
import { canFilterGroups, scimClientProfiles } from '../scim/profiles.js';
import { eqFilter, patchBody, readGroup, readListPage, withETag, type PatchOperation, type WireGroup as ScimGroup } from '../scim/wire.js';
import { readGroupList, readGroupMembers, readUserPage, type WireGroup, type WireUserPage } from './wire.js';

export interface DescopeTransport {
  /** `https://api.descope.com` or an explicit host; no trailing slash. */
  baseUrl: string;
  projectId: string;
  context: ProviderContext;
  /**
   * One throttle and 429 pause for every client of the provider: Descope counts its limits per IP and per
   * project (docs/providers.md), and a run has one management client plus one SCIM client per tenant, all on one host.
   */
  gate: RateGate;
  timeouts: Partial<Timeouts>;
  maxResponseBytes: number | undefined;
  /** `provider.http.maxPagesPerList`; undefined: the default. */
  maxPagesPerList: number | undefined;
}

// Descope: E112202 tenant not found (docs/providers.md).
const TENANT_NOT_FOUND = 'E112202';

/** The Authorization header: Descope wants `Bearer <projectId>:<key>` for management and SCIM keys alike. */
function projectKey(projectId: string, key: Secret): Secret {
  return new Secret(`Bearer ${projectId}:${key.reveal()}`, key.origin);
}

// Error bodies ({errorCode, errorDescription, errorMessage} or SCIM's) are read by the client's common describer.
function createHttp(transport: DescopeTransport, baseUrl: string, key: Secret, headers?: Record<string, string>): HttpClient {
  return createHttpClient(transport.context, {
    baseUrl,
    gate: transport.gate,
    ...(headers === undefined ? {} : { headers }),
    authorization: projectKey(transport.projectId, key),
    secrets: [key],
    timeouts: transport.timeouts,
    ...(transport.maxResponseBytes === undefined ? {} : { maxResponseBytes: transport.maxResponseBytes }),
  });
}

export class DescopeManagementClient {
  readonly #transport: DescopeTransport;
  readonly #key: Secret;
  readonly #http: HttpClient;

  constructor(transport: DescopeTransport, managementKey: Secret) {
    this.#transport = transport;
    this.#key = managementKey;
    this.#http = createHttp(transport, transport.baseUrl, managementKey);
  }

  // Every management call groupform makes is a read, so all are safe to retry although they are POSTs.
  async #post(path: string, body: Record<string, unknown>, tenantId: string, stop: Stop): Promise<unknown> {
    try {
      const response = await this.#http.request({ method: 'POST', path, body, idempotent: true, stop });
      return response.body;
    } catch (error) {
      throw this.#explain(error, tenantId);
    }
  }

  #explain(error: unknown, tenantId: string): unknown {
    if (!(error instanceof HttpError)) return error;
    const where = `HTTP ${error.status} on ${error.method} ${error.url}`;
    const { projectId } = this.#transport;
    if (error.status === 401) {
      return new GroupformError(
        'DESCOPE_MANAGEMENT_UNAUTHORIZED',
        `Descope refused the management key (${where}): the management key from ${this.#key.origin} or the project id ${projectId} is wrong`,
        { cause: error },
      );
    }
    if (error.status === 403) {
      return new GroupformError(
        'DESCOPE_MANAGEMENT_FORBIDDEN',
        `Descope refused the request (${where}): the management key from ${this.#key.origin} may not read groups and users of project ${projectId}`,
        { cause: error },
      );
    }
    if (error.providerCode === TENANT_NOT_FOUND) {
      return new GroupformError('TENANT_NOT_FOUND', `tenant ${tenantId} does not exist in Descope project ${projectId} (${where})`, { cause: error });
    }
    return error;
  }

  /** `ssoId`: only that SSO configuration's groups; absent, the groups of every configuration of the tenant. */
  async loadAllGroups(tenantId: string, stop: Stop = {}, ssoId?: string): Promise<WireGroup[]> {
    // Optional fields (ssoId) are sent only when set: the gateway rejects unknown or empty fields (docs/providers.md).
    const body = await this.#post('/v1/mgmt/group/all', { tenantId, ...(ssoId === undefined ? {} : { ssoId }) }, tenantId, stop);
    return readGroupList(body, `POST /v1/mgmt/group/all for tenant ${tenantId}`);
  }

  /** undefined when the group is gone (or, with `ssoId`, in another SSO configuration). */
  async loadGroupMembers(tenantId: string, groupId: string, stop: Stop = {}, ssoId?: string): Promise<WireGroup | undefined> {
    const body = await this.#post('/v1/mgmt/group/members', { tenantId, groupId, ...(ssoId === undefined ? {} : { ssoId }) }, tenantId, stop);
    return readGroupMembers(body, groupId, `POST /v1/mgmt/group/members for group ${groupId} of tenant ${tenantId}`);
  }

  async searchUsers(
    tenantId: string,
    filter: { loginIds: string[] } | { userIds: string[] },
    page: number,
    limit: number,
    signal?: AbortSignal,
  ): Promise<WireUserPage> {
    const body = await this.#post('/v2/mgmt/user/search', { tenantIds: [tenantId], ...filter, page, limit }, tenantId, { signal });
    return readUserPage(body, `POST /v2/mgmt/user/search for tenant ${tenantId} (page ${page})`);
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}

/** Descope's SCIM API at `{baseUrl}/scim/v2`; the tenant's SCIM access key picks the tenant. */
export class DescopeScimClient {
  readonly #tenantId: string;
  readonly #key: Secret;
  readonly #http: HttpClient;
  readonly #displayBase: string;
  readonly #runawayPages: number | undefined;

  constructor(transport: DescopeTransport, tenantId: string, scimKey: Secret) {
    this.#tenantId = tenantId;
    this.#runawayPages = transport.maxPagesPerList;
    this.#key = scimKey;
    this.#displayBase = `${transport.baseUrl}/scim/v2`;
    this.#http = createHttp(transport, this.#displayBase, scimKey, { accept: 'application/scim+json, application/json' });
  }

  async #request<T = unknown>(request: HttpRequest) {
    try {
      return await this.#http.request<T>({ ...(request.body === undefined ? {} : { contentType: 'application/scim+json' }), ...request });
    } catch (error) {
      throw this.#explain(error);
    }
  }

  #explain(error: unknown): unknown {
    if (!(error instanceof HttpError) || (error.status !== 401 && error.status !== 403)) return error;
    const where = `HTTP ${error.status} on ${error.method} ${error.url}`;
    const problem =
      error.status === 401
        ? 'the key is wrong or expired, or the project id is wrong'
        : 'the key lacks the Tenant Admin role for this tenant';
    return new GroupformError(
      error.status === 401 ? 'DESCOPE_SCIM_UNAUTHORIZED' : 'DESCOPE_SCIM_FORBIDDEN',
      `Descope refused the SCIM key of tenant ${this.#tenantId} from ${this.#key.origin} (${where}): ${problem}`,
      { cause: error },
    );
  }

  /** Never retried by the client after the server may have acted: the caller looks the group up instead. */
  async createGroup(body: Record<string, unknown>, stop: Stop = {}): Promise<ScimGroup> {
    const response = await this.#request({ method: 'POST', path: '/Groups', body, idempotent: false, stop });
    return readGroup(response.body, `POST /scim/v2/Groups for tenant ${this.#tenantId}`);
  }

  async getGroup(groupId: string, stop: Stop = {}): Promise<ScimGroup | undefined> {
    const path = `/Groups/${encodePathSegment(groupId, 'group id')}`;
    const response = await this.#request({ method: 'GET', path, accept: [404], stop });
    if (response.status === 404) return undefined;
    const group = readGroup(response.body, `GET /scim/v2${path} for tenant ${this.#tenantId}`);
    if (group.id !== groupId) throw new MalformedResponseError(`GET /scim/v2${path} answered group ${group.id}`);
    return withETag(group, response.headers);
  }

  /** Groups whose displayName matches per the server's filter (exact or case-insensitive; the caller compares). */
  findGroupsByName(displayName: string, stop: Stop = {}): Promise<ScimGroup[]> {
    return this.#list(eqFilter('displayName', displayName), stop);
  }

  /** undefined where Descope's SCIM API takes no externalId filter (its profile's groupFilters). */
  async findGroupsByExternalId(externalId: string, stop: Stop = {}): Promise<ScimGroup[] | undefined> {
    return canFilterGroups(scimClientProfiles.descope, 'externalId') ? this.#list(eqFilter('externalId', externalId), stop) : undefined;
  }

  listGroups(stop: Stop = {}): Promise<ScimGroup[]> {
    return this.#list(undefined, stop);
  }

  /** The first `count` groups the key sees, in the server's order: one request, however many groups there are. */
  async firstGroups(count: number, stop: Stop = {}): Promise<ScimGroup[]> {
    const what = `GET /scim/v2/Groups for tenant ${this.#tenantId}`;
    const response = await this.#request({ method: 'GET', path: '/Groups', query: { startIndex: 1, count }, stop });
    return readListPage(response.body, what).resources.map((r) => readGroup(r, what));
  }

  async #list(filter: string | undefined, stop: Stop = {}): Promise<ScimGroup[]> {
    const what = `GET /scim/v2/Groups for tenant ${this.#tenantId}`;
    const options = {
      ...(filter === undefined ? {} : { filter }),
      ...(this.#runawayPages === undefined ? {} : { runawayPages: this.#runawayPages }),
      pageSize: scimClientProfiles.descope.pageSize,
      paging: 'index' as const,
      stop,
    };
    const list = await listPages((request) => this.#request(request), { displayBase: this.#displayBase, what }, 'Groups', options);
    if (!list.complete) throw new MalformedResponseError(`${what}: the pages repeat or end short of totalResults; only ${list.resources.length} groups came back`);
    return list.resources.map((r) => readGroup(r, what));
  }

  /** Success is 200 with the resource or 204 without one (docs/providers.md); PATCH ops here are set-like, so retryable. */
  async patchGroup(groupId: string, operations: readonly PatchOperation[], stop: Stop = {}): Promise<void> {
    const body = patchBody(operations);
    await this.#request({ method: 'PATCH', path: `/Groups/${encodePathSegment(groupId, 'group id')}`, body, idempotent: true, stop });
  }

  async replaceGroup(groupId: string, body: Record<string, unknown>, stop: Stop = {}, ifMatch?: string): Promise<void> {
    const headers = ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } };
    await this.#request({ method: 'PUT', path: `/Groups/${encodePathSegment(groupId, 'group id')}`, body, stop, ...headers });
  }

  /**
   * 'gone' when the group was already deleted (404): the outcome the change wanted. Only trustworthy once the key
   * is known to be this tenant's (key-check.ts): another tenant's key gets 404 for every group of this one.
   */
  async deleteGroup(groupId: string, stop: Stop = {}): Promise<'deleted' | 'gone'> {
    const response = await this.#request({ method: 'DELETE', path: `/Groups/${encodePathSegment(groupId, 'group id')}`, accept: [404], stop });
    return response.status === 404 ? 'gone' : 'deleted';
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
