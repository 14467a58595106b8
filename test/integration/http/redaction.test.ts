import { expect, onTestFinished, test } from 'vitest';
import { Secret } from '../../../src/model/secret.js';
import { HttpClient, RequestLimiter } from '../../../src/http/index.js';
import { rejection } from '../../support/rejection.js';
import { sendJson, serveThisTest, type Handler } from '../../support/server.js';

const token = 'tok-S3CRET-value';
const projectKey = 'P2proj:mk-K3Y-value';

/** Every string reachable from the error: message, stack, own properties, cause. */
function stringsOf(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  const keys = [...Object.getOwnPropertyNames(value), 'message', 'stack', 'cause'];
  return keys.flatMap((key) => stringsOf((value as Record<string, unknown>)[key], seen));
}

async function failWith(handler: Handler, path: string, method: 'GET' | 'POST' = 'GET'): Promise<{ error: unknown; debug: string[] }> {
  const server = await serveThisTest(handler);
  const debug: string[] = [];
  const client = new HttpClient({
    baseUrl: server.url,
    authorization: new Secret(`Bearer ${token}`, '${TOKEN}'),
    secrets: [new Secret(projectKey, '${KEY}')],
    limiter: new RequestLimiter(2),
    retry: { maxAttempts: 1 },
    timeouts: { headersMs: 50 },
    debug: (line) => debug.push(line),
  });
  onTestFinished(() => client.close());
  const error = await rejection(client.request({ method, path, body: method === 'POST' ? {} : undefined }));
  return { error, debug };
}

const echoAuthorization: Handler = (req, res) =>
  sendJson(res, 401, { errorCode: 'E011003', errorDescription: `bad key ${req.headers.authorization}` }, { 'x-request-id': `id-${projectKey}` });

test.each([
  ['an error body echoing the credentials', echoAuthorization, `/v1/mgmt/x?key=${encodeURIComponent(projectKey)}`],
  ['broken JSON echoing the token', ((req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(`{"t": ${req.headers.authorization}`)) as Handler, '/json'],
  ['a timeout on a URL holding the key', (() => {}) as Handler, `/slow/${projectKey}`],
])('%s: no secret in the error or debug lines', async (_name, handler, path) => {
  const { error, debug } = await failWith(handler, path);
  expect(error).toBeInstanceOf(Error);
  const texts = [...stringsOf(error), ...debug];
  expect(debug.some((line) => line.startsWith('→ GET '))).toBe(true);
  for (const text of texts) {
    expect(text).not.toContain(token);
    expect(text).not.toContain('mk-K3Y-value');
  }
});

test('the secrets are redacted, not dropped: the message keeps its shape', async () => {
  const { error } = await failWith(echoAuthorization, '/v1/mgmt/group/all', 'POST');
  expect(error).toMatchObject({
    status: 401,
    requestId: 'id-[redacted]',
    message: expect.stringMatching(/failed: 401 Unauthorized \(E011003: bad key \[redacted\]\) \[request id id-\[redacted\]\]$/),
  });
});

test('debug lines show each request and response', async () => {
  const { debug } = await failWith((_req, res) => sendJson(res, 404, {}), '/Groups/g1');
  expect(debug.map((line) => line.replace(/\d+ms$/, 'Nms').replace(/:\d+\//, ':PORT/'))).toEqual([
    '→ GET http://127.0.0.1:PORT/Groups/g1',
    '← 404 GET http://127.0.0.1:PORT/Groups/g1 Nms',
  ]);
});
