import type { HttpCounters, ProxySettings, RateLimits, RequestLimiter, RetryPolicy, Throttle, Timeouts } from '../http/index.js';

/** What every provider of one run shares: the bound on requests in flight, and the debug log. */
export interface ProviderContext {
  limiter: RequestLimiter;
  /** One line per request and response when `--debug` is on; secrets already redacted. */
  debug?: (line: string) => void;
  /** Run-level overrides of each provider's retry policy and timeouts (tests set tiny delays). */
  retry?: Partial<RetryPolicy>;
  timeouts?: Partial<Timeouts>;
  /** Overrides each provider's client-side throttle; `false` turns it off (e.g. against the emulator). */
  throttle?: Throttle | RateLimits | false;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY every client of the run goes through. */
  proxy?: ProxySettings;
  /** Requests, 429s and rate-limit waits of the run so far (e.g. for progress lines). */
  counters?: HttpCounters;
}
