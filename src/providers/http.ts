// The one HTTP client every provider uses (issue 4). The pieces live in ./http/; this entry is the contract
// providers import.
export type { HttpClientOptions, HttpCounters, HttpRequest, HttpResponse, ProviderErrorDetail, RateLimits, RetryPolicy, RouteLimit, Throttle, Timeouts } from './http/types.js';
export { HttpError, MalformedResponseError, NetworkError, isUncertain } from './http/errors.js';
export { RequestLimiter } from './http/limiter.js';
export { HttpClient, createHttpClient, resolveThrottle, toTimeouts } from './http/client.js';
export { RateGate, sleep } from './http/throttle.js';
export { RouteBucket } from './http/route-bucket.js';
export { createHttpCounters } from './http/counters.js';
export { describeCommonError } from './http/body.js';
export { assertSafeUrl, encodePathSegment } from './http/url.js';
