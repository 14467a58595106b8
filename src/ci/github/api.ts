import { GroupformError } from '../../errors.js';
import { encodePathSegment, proxyFromEnv, type HttpRequest, type ProxySettings } from '../../http/index.js';
import { ciApiClient } from '../http.js';

/** The few GitHub REST calls the action needs. */
export interface GitHubApi {
  get(path: string, query?: HttpRequest['query']): Promise<unknown>;
  send(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** `/repos/<owner>/<name>`, each part encoded. */
export function repoPath(repo: string): string {
  return `/repos/${repo.split('/').map((part) => encodePathSegment(part, 'repository name part')).join('/')}`;
}

/** Through the providers' HTTP client (ciApiClient): proxy, deadlines, size caps, Retry-After, the token redacted. */
export function gitHubApi(baseUrl: string, token: string, proxy: ProxySettings = proxyFromEnv(process.env)): GitHubApi {
  const client = ciApiClient(baseUrl, 'GITHUB_API_URL', token, proxy, {
    accept: 'application/vnd.github+json',
    'user-agent': 'groupform-action',
    'x-github-api-version': '2022-11-28',
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
