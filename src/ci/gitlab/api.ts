import { GroupformError } from '../../errors.js';
import { proxyFromEnv, type HttpRequest, type ProxySettings } from '../../http/index.js';
import { ciApiClient } from '../http.js';

/** The few GitLab REST (v4) calls the CI component needs. */
export interface GitLabApi {
  get(path: string, query?: HttpRequest['query'], accept?: number[]): Promise<{ status: number; body: unknown }>;
  send(method: 'POST' | 'PUT', path: string, body: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** `/projects/<id>`: CI_PROJECT_ID is numeric; a path (`group/project`) is encoded as one segment. */
export function projectPath(project: string): string {
  return `/projects/${encodeURIComponent(project)}`;
}

/** Through the providers' HTTP client (ciApiClient); GitLab takes a project or personal access token as a Bearer token. */
export function gitLabApi(baseUrl: string, token: string, proxy: ProxySettings = proxyFromEnv(process.env)): GitLabApi {
  const client = ciApiClient(baseUrl, 'CI_API_V4_URL', token, proxy, { accept: 'application/json', 'user-agent': 'groupform-gitlab-component' });
  async function call(request: HttpRequest): Promise<{ status: number; body: unknown }> {
    try {
      const response = await client.request(request);
      return { status: response.status, body: response.body ?? null };
    } catch (error) {
      if (!(error instanceof GroupformError)) throw error;
      throw new GroupformError('GITLAB_API', `GitLab API: ${error.message}`);
    }
  }
  return {
    get: (path, query, accept) => call({ method: 'GET', path, ...(query === undefined ? {} : { query }), ...(accept === undefined ? {} : { accept }) }),
    send: async (method, path, body) => (await call({ method, path, body })).body,
    close: () => client.close(),
  };
}
