import type { RequestLimiter } from './limiter.js';
import type { RateGate } from './throttle.js';

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

export interface HttpClientOptions {
  /** Origin plus optional path prefix, e.g. `https://api.descope.com` or `https://h/T1/scim/v2`. */
  baseUrl: string;
  /** Value of the Authorization header; never logged. */
  authorization?: Credential;
  /** Extra values to redact wherever they appear (keys, tokens, project-key pairs). */
  secrets?: Credential[];
  /** Shared across every client of a run: bounds requests in flight (`--concurrency`). */
  limiter: RequestLimiter;
  /** Client-side throttle for this client's origin: at most `requests` per `perMs` (or limits by route). */
  throttle?: Throttle | RateLimits;
  /** Counts requests, 429s and waits (shared by a run's clients). */
  counters?: HttpCounters;
  /** A throttle and 429 pause shared with other clients (e.g. every client of one Descope project, whose
   * limits count per project); replaces `throttle`, which must then be absent. */
  gate?: RateGate;
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
  /** On abort, an attempt already on the wire finishes, but no attempt, retry or wait starts: the request then
   * fails with an AbortError saying what did not happen (see drain.ts). */
  drain?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON; undefined for an empty body (e.g. 204); the raw text for a body that is not JSON. */
  body: T | undefined;
}
