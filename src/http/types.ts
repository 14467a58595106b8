import type { Stop } from './drain.js';

/** A value that prints as `[redacted]` and yields the credential only on request (the model's Secret is one). */
export interface Credential {
  reveal(): string;
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails with the 429. */
  maxRetryAfterMs: number;
  /** The first wait after a 429 without a usable Retry-After; doubled (with jitter) for each further one in a
   * row, up to maxDelayMs. */
  throttledDelayMs?: number;
}

export interface Timeouts {
  connectMs: number;
  /** Until the response headers arrive. */
  headersMs: number;
  /** Between body chunks. */
  bodyMs: number;
  /** The whole attempt, from sending to the last byte of the answer: a server trickling bytes cannot hold it. */
  totalMs: number;
}

export interface Throttle {
  requests: number;
  perMs: number;
}

/** One route's limit: `route` is `METHOD /path` or `/path`; a trailing `*` covers every path below it. */
export interface RouteLimit extends Throttle {
  route: string;
}

/** A server's limits by route; `other` covers every request no route names (undefined: no known limit). */
export interface RateLimits {
  routes: RouteLimit[];
  other?: Throttle;
}

/** What a run's HTTP layer has done so far, for progress lines: read-only for everyone but the clients. */
export interface HttpCounters {
  /** Attempts sent. */
  requests: number;
  /** Answers 429 (or 503 with Retry-After). */
  throttled: number;
  /** Starts held back by a throttle window or a pause, and the time spent so (summed over requests). */
  waits: number;
  waitedMs: number;
}

export interface ProviderErrorDetail {
  /** The provider's own error code, e.g. Descope `E112102` or SCIM `scimType`. */
  code?: string;
  message?: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Appended to baseUrl; path segments already encoded by the caller (use encodePathSegment). */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Serialised as JSON. */
  body?: unknown;
  contentType?: string;
  /** Sent besides the client's own (e.g. `if-match`); names in lower case. */
  headers?: Record<string, string>;
  /** Default: true for GET, PUT, DELETE; false for POST and PATCH. Only idempotent requests are retried
   * after the server may have acted on them (5xx, reset, timeout); any request is retried on 429. */
  idempotent?: boolean;
  /** Statuses returned as a response rather than thrown (e.g. 404, 409 for callers that handle them). */
  accept?: number[];
  /** Its signal aborts everything, the attempt on the wire included; its drain lets an attempt already on the
   * wire finish but starts no attempt, retry or wait: the request then fails with an AbortError saying what did
   * not happen (see drain.ts). */
  stop?: Stop;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; undefined for an empty body (e.g. 204); the raw text for a body that is not JSON. */
  body: T | undefined;
}
