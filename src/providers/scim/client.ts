import { type Stop } from '../http/drain.js';
import { GroupformError } from '../../errors.js';
import { Secret } from '../../model/secret.js';
import type { HttpSettings } from '../../model/types.js';
import type { ProviderContext } from '../context.js';
import { assertSafeUrl, createHttpClient, encodePathSegment, HttpError, MalformedResponseError, toTimeouts, type HttpClient, type HttpRequest, type HttpResponse } from '../http.js';
import { encodeQuery } from '../http/url.js';
import { resolveRateLimits } from '../rate-limits.js';
import type { ScimClientProfile } from './profiles.js';
import { describeScimError, readField, readListPage } from './wire.js';

// A bound on any listing, far above 100,000 groups (or users) at any page size, so a server that never stops
// paging (fresh ids and cursors forever) ends in an error instead of an endless loop.
const MAX_LISTED_RESOURCES = 1_000_000;

/** The tenant's token was refused: invalid, revoked, or expired (Huawei SCIM tokens expire). Never shows the token. */
export class ScimTokenRejectedError extends GroupformError {
  constructor(tenantId: string, origin: string) {
    super(
      'SCIM_TOKEN_REJECTED',
      `tenant ${tenantId}: the SCIM server refused the bearer token from ${origin} (HTTP 401): the token is invalid or expired; issue a new one and set it`,
    );
  }
}

export function tenantBaseUrl(template: string, tenantId: string): string {
  if (!template.includes('{tenantId}')) {
    throw new GroupformError('SCIM_BASE_URL', `the scim baseUrl ${template} must contain {tenantId}, where each tenant's id goes`);
  }
  const url = template.split('{tenantId}').join(encodePathSegment(tenantId)).replace(/\/+$/, '');
  assertSafeUrl(url, `the SCIM base URL of tenant ${tenantId}`);
  return url;
}

export interface ListOptions {
  filter?: string;
  pageSize: number;
  paging: 'index' | 'cursor';
  /** false: the server ignores startIndex, so only the first page is readable. */
  pageable?: boolean;
  signal?: AbortSignal | undefined;
  /** After an interrupt no further page starts (see http/drain.ts). */
  drain?: AbortSignal | undefined;
}

export interface ListResult {
  resources: unknown[];
  /** false when the server has more than could be read (it pages no further, or repeats pages). */
  complete: boolean;
}

/** Transport for one tenant: URLs, bearer auth, paging and status codes. Knows no model types. */
export class ScimTenantClient {
  readonly #http: HttpClient;
  readonly #origin: string;
  /** Without any userinfo: it appears in error messages. */
  readonly #displayBase: string;

  constructor(
    readonly tenantId: string,
    baseUrl: string,
    token: Secret,
    readonly profile: ScimClientProfile,
    http: HttpSettings,
    context: ProviderContext,
  ) {
    this.#http = createHttpClient(context, {
      baseUrl,
      authorization: new Secret(`Bearer ${token.reveal()}`, token.origin),
      secrets: [token],
      throttle: resolveRateLimits(profile.rateLimits, http),
      timeouts: toTimeouts(http),
      describeError: describeScimError,
      requestIdHeaders: profile.requestIdHeaders,
      headers: { accept: 'application/scim+json, application/json' },
    });
    this.#origin = token.origin;
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

  /** Reads every page: `count` always explicit; until totalResults, a short or empty page, or the cursor ends. */
  list(collection: 'Groups' | 'Users', options: ListOptions): Promise<ListResult> {
    return listPages((request) => this.request(request), { displayBase: this.#displayBase, what: `GET /${collection} of tenant ${this.tenantId}` }, collection, options);
  }

  /** undefined on 404. */
  async get(path: string, stop: Stop = {}): Promise<unknown> {
    const response = await this.request({ method: 'GET', path, accept: [404], ...stop });
    return response.status === 404 ? undefined : response.body;
  }

  async getServiceProviderConfig(signal?: AbortSignal): Promise<unknown> {
    try {
      const response = await this.request({ method: 'GET', path: '/ServiceProviderConfig', accept: [400, 403, 404, 405, 501], ...(signal ? { signal } : {}) });
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

/**
 * Reads every page of a SCIM list through `send` (which adds auth and explains refusals): `count` always explicit;
 * until totalResults, a short or empty page, or the cursor ends. Serves the SCIM provider and Descope's SCIM API.
 */
export async function listPages(
  send: (request: HttpRequest) => Promise<HttpResponse>,
  where: { displayBase: string; what: string },
  collection: 'Groups' | 'Users',
  options: ListOptions,
): Promise<ListResult> {
  const { displayBase, what } = where;
  const resources: unknown[] = [];
  const seen = new Set<string>();
  const cursors = new Set<string>();
  const maxPages = Math.ceil(MAX_LISTED_RESOURCES / Math.max(1, options.pageSize)) + 1;
  let cursor: string | undefined = options.paging === 'cursor' ? '' : undefined;
  let startIndex = 1;
  for (let pages = 0; pages < maxPages; pages++) {
    const query: Record<string, string | number | undefined> = { filter: options.filter, count: options.pageSize };
    if (cursor !== undefined) query.cursor = cursor;
    else if (startIndex > 1) query.startIndex = startIndex;
    else if (options.pageable !== false) query.startIndex = 1;
    const response = await send({ method: 'GET', path: `/${collection}`, query, signal: options.signal, drain: options.drain });
    const page = readListPage(response.body, what);
    const fresh = page.resources.filter((r) => {
      const id = readResourceId(r);
      if (id === undefined) throw new MalformedResponseError(`${what}: ${describeUrl(displayBase, collection, query)} listed a resource with no id`);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (page.resources.length > 0 && fresh.length === 0) {
      // A server that ignores startIndex (Huawei users; scimmy past the end) answers the first page again:
      // a known limit the caller decides about. A cursor that leads back to known resources is broken.
      if (cursor === undefined) return { resources, complete: false };
      throw new MalformedResponseError(`${what}: ${describeUrl(displayBase, collection, query)} answered only resources already listed; the cursor does not advance`);
    }
    resources.push(...fresh);
    // An empty page while totalResults promises more looks truncated: not trusted silently.
    if (page.resources.length === 0) return { resources, complete: page.totalResults === undefined || resources.length >= page.totalResults };
    if (page.nextCursor !== undefined) {
      if (cursors.has(page.nextCursor)) {
        throw new MalformedResponseError(`${what}: ${describeUrl(displayBase, collection, query)} gave a nextCursor it had given before; paging would never end`);
      }
      cursors.add(page.nextCursor);
      cursor = page.nextCursor;
      continue;
    }
    const total = page.totalResults;
    // In the cursor format, no nextCursor is the end.
    if (cursor !== undefined && total === undefined) return { resources, complete: true };
    const more = total !== undefined ? resources.length < total : page.resources.length >= options.pageSize;
    if (!more) return { resources, complete: true };
    // A cursor request answered in the index format (an older server): continue by startIndex.
    cursor = undefined;
    if (options.pageable === false) return { resources, complete: false };
    startIndex = resources.length + 1;
  }
  throw new MalformedResponseError(`${what}: still more pages after ${maxPages} pages of ${options.pageSize} (over ${MAX_LISTED_RESOURCES} resources)`);
}

function describeUrl(displayBase: string, collection: string, query: Record<string, string | number | undefined>): string {
  const encoded = encodeQuery(query);
  return `GET ${displayBase}/${collection}${encoded === '' ? '' : `?${encoded}`}`;
}

function readResourceId(resource: unknown): string | undefined {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return undefined;
  const id = readField(resource as Record<string, unknown>, 'id');
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export function groupPath(id: string): string {
  return `/Groups/${encodePathSegment(id)}`;
}

export function userPath(id: string): string {
  return `/Users/${encodePathSegment(id)}`;
}
