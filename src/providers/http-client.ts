import type { HttpSettings } from '../model/types.js';
import type { ProviderContext } from './context.js';
import { HttpClient, definedOnly, type HttpClientOptions, type RateLimits, type Throttle, type Timeouts } from '../http/index.js';

/** A client for a provider: the run's limiter and debug log, with the run's overrides (tests use tiny
 * delays; `throttle: false` turns the throttle off, e.g. against the emulator) over the provider's defaults. */
export function createHttpClient(context: ProviderContext, options: Omit<HttpClientOptions, 'limiter' | 'debug'>): HttpClient {
  const throttle = options.gate === undefined ? resolveThrottle(context, options.throttle) : undefined;
  return new HttpClient({
    ...options,
    limiter: context.limiter,
    ...(context.debug === undefined ? {} : { debug: context.debug }),
    ...(context.counters === undefined ? {} : { counters: context.counters }),
    ...(context.proxy === undefined ? {} : { proxy: context.proxy }),
    ...(throttle === undefined ? {} : { throttle }),
    retry: { ...definedOnly(options.retry ?? {}), ...definedOnly(context.retry ?? {}) },
    timeouts: { ...definedOnly(options.timeouts ?? {}), ...definedOnly(context.timeouts ?? {}) },
  });
}

/** A provider's `http.timeoutSeconds` bounds each phase of a request and the whole attempt, up to the last byte. */
export function toTimeouts(http: HttpSettings): Partial<Timeouts> {
  const ms = http.timeoutSeconds === undefined ? undefined : http.timeoutSeconds * 1000;
  return ms === undefined ? {} : { connectMs: ms, headersMs: ms, bodyMs: ms, totalMs: ms };
}

/** A provider's `http.maxResponseMegabytes`, in bytes; undefined for the default. */
export function toMaxResponseBytes(http: HttpSettings): number | undefined {
  return http.maxResponseMegabytes === undefined ? undefined : Math.floor(http.maxResponseMegabytes * 1024 * 1024);
}

/** The throttle a run uses: the run's override (`false`: none) or the provider's own. */
export function resolveThrottle(context: ProviderContext, providerThrottle: Throttle | RateLimits | undefined): Throttle | RateLimits | undefined {
  return context.throttle === false ? undefined : (context.throttle ?? providerThrottle);
}
