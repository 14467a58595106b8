// The one HTTP client every provider uses: a general client that knows URLs, pools, timeouts, retries and
// redaction, and nothing of Descope, SCIM or the model. This entry is the contract; the pieces are private.
export type { HttpClientOptions } from './options.js';
export type { Credential, HttpCounters, HttpRequest, HttpResponse, ProviderErrorDetail, RateLimits, RetryPolicy, RouteLimit, Throttle, Timeouts } from './types.js';
export { HttpError, MalformedResponseError, NetworkError, isUncertain } from './errors.js';
export { RequestLimiter } from './limiter.js';
export { proxyFromEnv, type ProxySettings } from './proxy.js';
export { HttpClient } from './client.js';
export { RateGate, sleep } from './throttle.js';
export { RouteBucket } from './route-bucket.js';
export { createHttpCounters } from './counters.js';
export { describeCommonError } from './body.js';
export { assertSafeUrl, encodePathSegment, encodeQuery, isDotSegment, withoutUserinfo } from './url.js';
export { definedOnly } from './retry.js';
export { drainedError, isDrained, type Stop } from './drain.js';
