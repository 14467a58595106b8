import type { RequestLimiter } from './http.js';

/** What every provider of one run shares: the bound on requests in flight, and the debug log. */
export interface ProviderContext {
  limiter: RequestLimiter;
  /** One line per request and response when `--debug` is on; secrets already redacted. */
  debug?: (line: string) => void;
}
