import { createServer } from 'node:http';
import { listenOnLoopback, readBody } from './loopback-server.js';

export interface FakeNote {
  id: number;
  body: string;
  system: boolean;
}
export interface FakeMergeRequest {
  iid: number;
  state: 'opened' | 'merged' | 'closed';
  sha: string;
}
export interface FakeIssue {
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed';
}
export interface FakePipeline {
  id: number;
  sha: string;
  ref: string;
}
export interface FakeJob {
  id: number;
  name: string;
  status: 'success' | 'failed' | 'canceled' | 'running';
}

/**
 * The slice of GitLab's REST API (v4) the CI component uses, on loopback: merge request notes, issues (list,
 * create, edit), the merge requests of a commit, a commit's parents, a merge request's pipelines, a pipeline's jobs and one artifact file. Every
 * request must carry the token; each one is recorded for the test to assert on.
 */
export async function startFakeGitLab(token: string) {
  const notes = new Map<number, FakeNote[]>();
  const mergeRequestsOfCommit = new Map<string, FakeMergeRequest[]>();
  const parentsOf = new Map<string, string[]>();
  const pipelines = new Map<number, FakePipeline[]>();
  const jobs = new Map<number, FakeJob[]>();
  /** Job id -> the text of its plan.json artifact. */
  const artifacts = new Map<number, string>();
  const issues: FakeIssue[] = [];
  const requests: string[] = [];
  let nextId = 500;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = url.pathname.replace(/^\/api\/v4\/projects\/[^/]+/, '');
      requests.push(`${req.method} ${path}`);
      const send = (status: number, body: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type }).end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: '401 Unauthorized' });
      let match = /^\/merge_requests\/(\d+)\/notes$/.exec(path);
      if (match !== null) {
        const list = notes.get(Number(match[1])) ?? [];
        notes.set(Number(match[1]), list);
        if (req.method === 'GET') {
          const page = Number(url.searchParams.get('page') ?? '1');
          const perPage = Number(url.searchParams.get('per_page') ?? '20');
          // GitLab lists notes newest first.
          return send(200, [...list].reverse().slice((page - 1) * perPage, page * perPage));
        }
        const created = { id: nextId++, body: (JSON.parse(raw) as { body: string }).body, system: false };
        list.push(created);
        return send(201, created);
      }
      match = /^\/merge_requests\/(\d+)\/notes\/(\d+)$/.exec(path);
      if (match !== null && req.method === 'PUT') {
        const found = notes.get(Number(match[1]))?.find((n) => n.id === Number(match?.[2]));
        if (found === undefined) return send(404, { message: '404 Not found' });
        found.body = (JSON.parse(raw) as { body: string }).body;
        return send(200, found);
      }
      if (path === '/issues') {
        if (req.method === 'POST') {
          const { title, description } = JSON.parse(raw) as { title: string; description: string };
          const created: FakeIssue = { iid: issues.length + 1, title, description, state: 'opened' };
          issues.push(created);
          return send(201, created);
        }
        const state = url.searchParams.get('state');
        const page = Number(url.searchParams.get('page') ?? '1');
        const perPage = Number(url.searchParams.get('per_page') ?? '20');
        return send(200, issues.filter((i) => state === null || i.state === state).slice((page - 1) * perPage, page * perPage));
      }
      match = /^\/issues\/(\d+)$/.exec(path);
      if (match !== null && req.method === 'PUT') {
        const found = issues.find((i) => i.iid === Number(match?.[1]));
        if (found === undefined) return send(404, { message: '404 Not found' });
        const edit = JSON.parse(raw) as { description?: string; state_event?: 'close' | 'reopen' };
        if (edit.description !== undefined) found.description = edit.description;
        if (edit.state_event !== undefined) found.state = edit.state_event === 'close' ? 'closed' : 'opened';
        return send(200, found);
      }
      match = /^\/repository\/commits\/([0-9a-f]+)\/merge_requests$/.exec(path);
      if (match !== null) return send(200, mergeRequestsOfCommit.get(match[1] ?? '') ?? []);
      match = /^\/repository\/commits\/([0-9a-f]+)$/.exec(path);
      if (match !== null) return send(200, { id: match[1], parent_ids: parentsOf.get(match[1] ?? '') ?? [] });
      match = /^\/merge_requests\/(\d+)\/pipelines$/.exec(path);
      if (match !== null) return send(200, [...(pipelines.get(Number(match[1])) ?? [])].sort((a, b) => b.id - a.id));
      match = /^\/pipelines\/(\d+)\/jobs$/.exec(path);
      if (match !== null) return send(200, jobs.get(Number(match[1])) ?? []);
      match = /^\/jobs\/(\d+)\/artifacts\/plan\.json$/.exec(path);
      if (match !== null) {
        const text = artifacts.get(Number(match[1]));
        return text === undefined ? send(404, { message: '404 Not Found' }) : send(200, text, 'application/octet-stream');
      }
      return send(404, { message: '404 Not Found' });
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    apiUrl: `${url}/api/v4`,
    notes,
    mergeRequestsOfCommit,
    parentsOf,
    pipelines,
    jobs,
    artifacts,
    issues,
    requests,
    close,
  };
}
