import { GroupformError } from '../../errors.js';
import { assertSafeUrl, encodePathSegment, HttpClient, proxyFromEnv, RequestLimiter, type HttpRequest, type ProxySettings } from '../../http/index.js';

/** The few GitHub REST calls the action needs. */
export interface GitHubApi {
  get(path: string, query?: HttpRequest['query']): Promise<unknown>;
  send(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** `/repos/<owner>/<name>`, each part encoded. */
export function repoPath(repo: string): string {
  return `/repos/${repo.split('/').map(encodePathSegment).join('/')}`;
}

/**
 * Through the same HTTP client as the providers: HTTPS_PROXY / NO_PROXY of the runner, a deadline and size cap
 * on every answer, Retry-After on GitHub's rate limits, and the token redacted from every message.
 */
export function gitHubApi(baseUrl: string, token: string, proxy: ProxySettings = proxyFromEnv(process.env)): GitHubApi {
  assertSafeUrl(baseUrl, 'GITHUB_API_URL');
  const client = new HttpClient({
    baseUrl,
    authorization: { reveal: () => `Bearer ${token}` },
    secrets: [{ reveal: () => token }],
    limiter: new RequestLimiter(4),
    proxy,
    headers: { accept: 'application/vnd.github+json', 'user-agent': 'groupform-action', 'x-github-api-version': '2022-11-28' },
  });
  async function call(request: HttpRequest): Promise<unknown> {
    try {
      return (await client.request(request)).body ?? null;
    } catch (error) {
      if (!(error instanceof GroupformError)) throw error;
      throw new GroupformError('GITHUB_API', `GitHub API: ${error.message}`);
    }
  }
  return {
    get: (path, query) => call({ method: 'GET', path, ...(query === undefined ? {} : { query }) }),
    send: (method, path, body) => call({ method, path, body }),
    close: () => client.close(),
  };
}
