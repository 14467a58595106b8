import { request } from 'undici';
import { GroupformError } from '../../errors.js';
import { assertSafeUrl } from '../../http/index.js';

/** The few GitHub REST calls the action needs; the token only ever goes into the Authorization header. */
export interface GitHubApi {
  get(path: string): Promise<unknown>;
  send(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<unknown>;
}

export function gitHubApi(baseUrl: string, token: string): GitHubApi {
  const base = assertSafeUrl(baseUrl, 'GITHUB_API_URL').toString().replace(/\/$/, '');
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'user-agent': 'groupform-action',
    'x-github-api-version': '2022-11-28',
  };
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await request(`${base}${path}`, {
      method: method as 'GET',
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) {
      throw new GroupformError('GITHUB_API', `GitHub API ${method} ${path.split('?')[0]} answered ${response.statusCode}: ${text.slice(0, 200)}`);
    }
    return text === '' ? null : JSON.parse(text);
  }
  return { get: (path) => call('GET', path), send: (method, path, body) => call(method, path, body) };
}
