import { createServer } from 'node:http';
import { listenOnLoopback, readBody } from './loopback-server.js';

export interface FakeComment {
  id: number;
  body: string;
}
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason?: string;
  /** Set on pull requests, which GitHub's issue list includes. */
  pull_request?: { url: string };
}
export interface FakeArtifact {
  name: string;
  expired: boolean;
  created_at: string;
  workflow_run: { id: number };
}

/**
 * The slice of GitHub's REST API the action uses, on loopback: issue comments, issues (list, create, edit),
 * the pulls of a commit and the artifact listing. Every request must carry the token; each one is recorded for the test to assert on.
 */
export async function startFakeGitHub(token: string) {
  const comments = new Map<number, FakeComment[]>();
  const pullsOfCommit = new Map<string, { number: number; merged_at: string | null; head: { sha: string } }[]>();
  const artifacts: FakeArtifact[] = [];
  const issues: FakeIssue[] = [];
  const requests: string[] = [];
  let nextId = 100;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push(`${req.method} ${url.pathname}`);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Bad credentials' });
      const path = url.pathname;
      let match = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
      if (match !== null) {
        const list = comments.get(Number(match[1])) ?? [];
        comments.set(Number(match[1]), list);
        if (req.method === 'GET') {
          const page = Number(url.searchParams.get('page') ?? '1');
          const perPage = Number(url.searchParams.get('per_page') ?? '30');
          return send(200, list.slice((page - 1) * perPage, page * perPage));
        }
        const created = { id: nextId++, body: (JSON.parse(raw) as { body: string }).body };
        list.push(created);
        return send(201, created);
      }
      match = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
      if (match !== null && req.method === 'PATCH') {
        const found = [...comments.values()].flat().find((c) => c.id === Number(match?.[1]));
        if (found === undefined) return send(404, { message: 'Not Found' });
        found.body = (JSON.parse(raw) as { body: string }).body;
        return send(200, found);
      }
      if (/^\/repos\/[^/]+\/[^/]+\/issues$/.test(path)) {
        if (req.method === 'POST') {
          const { title, body } = JSON.parse(raw) as { title: string; body: string };
          const created: FakeIssue = { number: nextId++, title, body, state: 'open' };
          issues.push(created);
          return send(201, created);
        }
        const state = url.searchParams.get('state') ?? 'open';
        const page = Number(url.searchParams.get('page') ?? '1');
        const perPage = Number(url.searchParams.get('per_page') ?? '30');
        const listed = issues.filter((i) => state === 'all' || i.state === state);
        return send(200, listed.slice((page - 1) * perPage, page * perPage));
      }
      match = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(path);
      if (match !== null && req.method === 'PATCH') {
        const found = issues.find((i) => i.number === Number(match?.[1]));
        if (found === undefined) return send(404, { message: 'Not Found' });
        Object.assign(found, JSON.parse(raw) as Partial<FakeIssue>);
        return send(200, found);
      }
      match = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/.exec(path);
      if (match !== null) return send(200, pullsOfCommit.get(match[1] ?? '') ?? []);
      if (/^\/repos\/[^/]+\/[^/]+\/actions\/artifacts$/.test(path)) {
        const name = url.searchParams.get('name');
        const listed = artifacts.filter((a) => name === null || a.name === name);
        return send(200, { total_count: listed.length, artifacts: listed });
      }
      return send(404, { message: 'Not Found' });
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    url,
    comments,
    pullsOfCommit,
    artifacts,
    issues,
    requests,
    close,
  };
}
