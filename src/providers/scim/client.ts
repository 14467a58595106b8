import { GroupformError } from '../../errors.js';
import { Secret } from '../../model/secret.js';
import type { HttpSettings } from '../../model/types.js';
import type { ProviderContext } from '../context.js';
import { assertSafeUrl, encodePathSegment, HttpError, MalformedResponseError, type HttpClient, type HttpRequest, type HttpResponse, type Stop, withoutUserinfo } from '../../http/index.js';
import { createHttpClient, toMaxResponseBytes, toTimeouts } from '../http-client.js';
import { resolveRateLimits } from '../rate-limits.js';
import type { ScimClientProfile } from './profiles.js';
import { listPages, type ListOptions, type ListResult } from './list-pages.js';
import { describeScimError } from './wire.js';

export { listPages, type ListOptions, type ListResult } from './list-pages.js';

/** The tenant's token was refused: invalid, revoked, or expired (Huawei SCIM tokens expire). Never shows the token. */
export class ScimTokenRejectedError extends GroupformError {
  constructor(tenantId: string, origin: string) {
    super(
      'SCIM_TOKEN_REJECTED',
      `tenant ${tenantId}: the SCIM server refused the bearer token from ${origin} (HTTP 401): the token is invalid or expired; issue a new one and set it`,
    );
  }
}

/** The tenant's base URL; a template without `{tenantId}` is one URL for every tenant, the token choosing it. */
export function tenantBaseUrl(template: string, tenantId: string): string {
  // Substituted in the query too (a gateway may take the tenant there); the query is kept, never dropped.
  const url = template.split('{tenantId}').join(encodePathSegment(tenantId, 'tenant id'));
  const parsed = assertSafeUrl(url, `the SCIM base URL of tenant ${tenantId}`);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
}

/** Transport for one tenant: URLs, bearer auth, paging and status codes. Knows no model types. */
export class ScimTenantClient {
  readonly #http: HttpClient;
  readonly #origin: string;
  /** Without any userinfo: it appears in error messages. */
  readonly #displayBase: string;
  #cursorRefused = false;
  readonly #runawayPages: number | undefined;

  constructor(
    readonly tenantId: string,
    baseUrl: string,
    token: Secret,
    readonly profile: ScimClientProfile,
    http: HttpSettings,
    context: ProviderContext,
  ) {
    const maxResponseBytes = toMaxResponseBytes(http);
    this.#http = createHttpClient(context, {
      baseUrl,
      authorization: new Secret(`Bearer ${token.reveal()}`, token.origin),
      secrets: [token],
      throttle: resolveRateLimits(profile.rateLimits, http),
      timeouts: toTimeouts(http),
      ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
      describeError: describeScimError,
      requestIdHeaders: profile.requestIdHeaders,
      headers: { accept: 'application/scim+json, application/json' },
    });
    this.#origin = token.origin;
    this.#runawayPages = http.maxPagesPerList;
    const parsed = new URL(baseUrl);
    this.#displayBase = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    try {
      return await this.#http.request<T>({ ...(request.body === undefined ? {} : { contentType: this.profile.contentType }), ...request });
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) throw new ScimTokenRejectedError(this.tenantId, this.#origin);
      throw error;
    }
  }

  /**
   * Reads every page, in the profile's paging form and reading of totalResults unless told otherwise. A server
   * that refused the cursor form is asked in the index form for the rest of the run.
   */
  async list(collection: 'Groups' | 'Users', options: ListOptions): Promise<ListResult> {
    const where = { displayBase: this.#displayBase, what: `GET /${collection} of tenant ${this.tenantId}` };
    const listed = await listPages((request) => this.request(request), where, collection, {
      totals: this.profile.listTotals,
      pageable: this.profile.startIndex[collection === 'Groups' ? 'groups' : 'users'],
      ...(this.#runawayPages === undefined ? {} : { runawayPages: this.#runawayPages }),
      ...options,
      paging: this.#cursorRefused ? 'index' : options.paging,
    });
    if (listed.cursorRefused === true) this.#cursorRefused = true;
    return listed;
  }

  /** undefined on 404. */
  async get(path: string, stop: Stop = {}): Promise<unknown> {
    const response = await this.request({ method: 'GET', path, accept: [404], stop });
    return response.status === 404 ? undefined : response.body;
  }

  async getServiceProviderConfig(signal?: AbortSignal): Promise<unknown> {
    try {
      const response = await this.request({ method: 'GET', path: '/ServiceProviderConfig', accept: [400, 403, 404, 405, 501], ...(signal ? { stop: { signal } } : {}) });
      return response.status === 200 ? response.body : undefined;
    } catch (error) {
      // The document is optional help; a server without it is still usable through its profile.
      if (error instanceof MalformedResponseError) return undefined;
      throw error;
    }
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}

export function groupPath(id: string): string {
  return `/Groups/${encodePathSegment(id, 'group id')}`;
}

export function userPath(id: string): string {
  return `/Users/${encodePathSegment(id, 'user id')}`;
}
