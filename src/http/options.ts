import type { RequestLimiter } from './limiter.js';
import type { ProxySettings } from './proxy.js';
import type { RateGate } from './throttle.js';
import type { Credential, HttpCounters, ProviderErrorDetail, RateLimits, RetryPolicy, Throttle, Timeouts } from './types.js';

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
  /** The largest answer read; a longer one fails with HTTP_RESPONSE_TOO_LARGE instead of filling memory. */
  maxResponseBytes?: number;
  retry?: Partial<RetryPolicy>;
  /** Reads the provider's error body. */
  describeError?: (status: number, body: unknown) => ProviderErrorDetail;
  /** Receives one line per request and response when `--debug` is on; secrets already redacted. */
  debug?: (line: string) => void;
  /** Header names whose value identifies a request at the provider, for error messages. */
  requestIdHeaders?: string[];
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY of the run; absent or empty: direct connections. */
  proxy?: ProxySettings;
  /** Sent on every request, e.g. `x-descope-license`. */
  headers?: Record<string, string>;
}
