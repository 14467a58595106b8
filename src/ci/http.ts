import { assertSafeUrl, HttpClient, RequestLimiter, type ProxySettings } from '../http/index.js';

/**
 * A forge's API (GitHub, GitLab) through the same HTTP client as the providers: the runner's HTTPS_PROXY /
 * NO_PROXY, a deadline and size cap on every answer, Retry-After on rate limits, the token (sent as a Bearer
 * token) redacted from every message.
 */
export function ciApiClient(baseUrl: string, urlSource: string, token: string, proxy: ProxySettings, headers: Record<string, string>): HttpClient {
  assertSafeUrl(baseUrl, urlSource);
  return new HttpClient({
    baseUrl,
    authorization: { reveal: () => `Bearer ${token}` },
    secrets: [{ reveal: () => token }],
    limiter: new RequestLimiter(4),
    proxy,
    headers,
  });
}
