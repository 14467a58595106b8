// STUB: the interface is fixed; the implementation is being written (issue 4).
import { GroupformError } from '../errors.js';
import type { Secret } from '../model/secret.js';

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails with the 429. */
  maxRetryAfterMs: number;
}

export interface Timeouts {
  connectMs: number;
  /** Until the response headers arrive. */
  headersMs: number;
  /** Between body chunks. */
  bodyMs: number;
}

export interface ProviderErrorDetail {
  /** The provider's own error code, e.g. Descope `E112102` or SCIM `scimType`. */
  code?: string;
  message?: string;
}

export interface HttpClientOptions {
  /** Origin plus optional path prefix, e.g. `https://api.descope.com` or `https://h/T1/scim/v2`. */
  baseUrl: string;
  /** Value of the Authorization header; never logged. */
  authorization?: Secret;
  /** Extra values to redact wherever they appear (keys, tokens, project-key pairs). */
  secrets?: Secret[];
  /** Shared across every client of a run: bounds requests in flight (`--concurrency`). */
  limiter: RequestLimiter;
  /** Client-side throttle for this client's origin: at most `requests` started per `perMs`. */
  throttle?: { requests: number; perMs: number };
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
  /** Reads the provider's error body. */
  describeError?: (status: number, body: unknown) => ProviderErrorDetail;
  /** Receives one line per request and response when `--debug` is on; secrets already redacted. */
  debug?: (line: string) => void;
  /** Header names whose value identifies a request at the provider, for error messages. */
  requestIdHeaders?: string[];
  /** Sent on every request, e.g. `x-descope-license`. */
  headers?: Record<string, string>;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Appended to baseUrl; path segments already encoded by the caller (use encodePathSegment). */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Serialised as JSON. */
  body?: unknown;
  contentType?: string;
  /** Default: true for GET, PUT, DELETE; false for POST and PATCH. Only idempotent requests are retried
   * after the server may have acted on them (5xx, reset, timeout); any request is retried on 429. */
  idempotent?: boolean;
  /** Statuses returned as a response rather than thrown (e.g. 404, 409 for callers that handle them). */
  accept?: number[];
  signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; undefined for an empty body (e.g. 204). */
  body: T | undefined;
}

/** A response with an error status. */
export class HttpError extends GroupformError {
  constructor(
    readonly status: number,
    readonly method: string,
    /** Redacted. */
    readonly url: string,
    readonly providerCode: string | undefined,
    readonly requestId: string | undefined,
    message: string,
  ) {
    super(`HTTP_${status}`, message);
  }
}

/** No usable response: refused, reset, DNS, TLS, or a timeout (code HTTP_TIMEOUT). */
export class NetworkError extends GroupformError {}

/** A response the client or a provider cannot read (not JSON, wrong shape, looks truncated). */
export class MalformedResponseError extends GroupformError {
  constructor(message: string) {
    super('MALFORMED_RESPONSE', message);
  }
}

/** Bounds requests in flight across every client of a run. */
export class RequestLimiter {
  constructor(readonly maxInFlight: number) {}
  run<T>(_task: () => Promise<T>): Promise<T> {
    throw new Error('not implemented');
  }
}

export class HttpClient {
  constructor(readonly options: HttpClientOptions) {}
  request<T = unknown>(_request: HttpRequest): Promise<HttpResponse<T>> {
    throw new Error('not implemented');
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Percent-encodes one path segment (ids and names from servers or configs may hold `/`, `?`, `#`, spaces). */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment);
}

/** Throws unless the URL is https, or http to a loopback host. */
export function assertSafeUrl(url: string, what: string): URL {
  void what;
  return new URL(url);
}
