import { describe, expect, onTestFinished, test } from 'vitest';
import { HttpClient, HttpError, MalformedResponseError, NetworkError, RequestLimiter, encodePathSegment, type HttpClientOptions } from '../../../src/http/index.js';
import { sendJson, serveThisTest, startServer, type Handler, type TestServer } from '../../support/server.js';

async function setUp(handler: Handler, options: Partial<HttpClientOptions> = {}): Promise<{ server: TestServer; client: HttpClient }> {
  const server = await serveThisTest(handler);
  const client = new HttpClient({
    baseUrl: `${server.url}/api`,
    limiter: new RequestLimiter(4),
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  onTestFinished(() => client.close());
  return { server, client };
}

/** Answers with `statuses` in turn (then 200 `{ok: true}`); a 'reset' destroys the socket instead. */
function sequence(...answers: Array<number | 'reset'>): Handler {
  return (_req, res, index) => {
    const answer = answers[index] ?? 200;
    if (answer === 'reset') res.socket?.destroy();
    else if (answer === 429) sendJson(res, 429, { errorCode: 'E130429' }, { 'retry-after': '0' });
    else sendJson(res, answer, answer === 200 ? { ok: true } : { errorCode: `E${answer}` });
  };
}

describe('responses', () => {
  test('parses JSON and sends the path, query and body as given', async () => {
    const { server, client } = await setUp((req, res) => sendJson(res, 200, { echo: req.body }, { 'x-thing': 'a' }));
    const response = await client.request<{ echo: string }>({
      method: 'POST',
      path: `/Groups/${encodePathSegment('a/b c')}`,
      query: { filter: 'displayName eq "a+b c"', count: 100, skipped: undefined },
      body: { displayName: 'Eng' },
      contentType: 'application/scim+json',
    });
    expect(response).toMatchObject({ status: 200, body: { echo: '{"displayName":"Eng"}' }, headers: { 'x-thing': 'a' } });
    expect(server.seen[0]?.url).toBe('/api/Groups/a%2Fb%20c?filter=displayName%20eq%20%22a%2Bb%20c%22&count=100');
    expect(new URLSearchParams(server.seen[0]?.url.split('?')[1]).get('filter')).toBe('displayName eq "a+b c"');
    expect(server.seen[0]?.headers['content-type']).toBe('application/scim+json');
  });

  test('an empty 204 body is undefined; a body in an accepted error status is returned', async () => {
    const { client } = await setUp((req, res) => {
      if (req.method === 'DELETE') res.writeHead(204).end();
      else sendJson(res, 404, { detail: 'no such group' });
    });
    expect(await client.request({ method: 'DELETE', path: '/Groups/g1' })).toEqual({ status: 204, headers: expect.any(Object), body: undefined });
    expect(await client.request({ method: 'GET', path: '/Groups/g1', accept: [404] })).toMatchObject({ status: 404, body: { detail: 'no such group' } });
  });

  test('an error status throws HttpError with the provider code, message and request id', async () => {
    const { server, client } = await setUp((_req, res) =>
      sendJson(res, 401, { errorCode: 'E011003', errorDescription: 'Bad request', errorMessage: 'unauthorized' }, { 'x-request-id': 'req-7' }),
    );
    const error = await client.request({ method: 'POST', path: '/v1/mgmt/group/all', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      code: 'HTTP_401',
      status: 401,
      method: 'POST',
      url: `${server.url}/api/v1/mgmt/group/all`,
      providerCode: 'E011003',
      requestId: 'req-7',
      message: `POST ${server.url}/api/v1/mgmt/group/all failed: 401 Unauthorized (E011003: Bad request - unauthorized) [request id req-7]`,
    });
  });

  test('describeError reads the provider body', async () => {
    const { client } = await setUp((_req, res) => sendJson(res, 409, { status: '409', scimType: 'uniqueness', detail: 'taken' }), {
      describeError: (_status, body) => ({ code: (body as { scimType: string }).scimType, message: 'custom' }),
    });
    await expect(client.request({ method: 'POST', path: '/Groups', body: {} })).rejects.toMatchObject({ providerCode: 'uniqueness', message: expect.stringMatching(/409 Conflict \(uniqueness: custom\)$/) });
  });

  test('broken JSON throws MalformedResponseError naming the request', async () => {
    const { server, client } = await setUp((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"Resources": [');
    });
    const error = await client.request({ method: 'GET', path: '/Groups' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as Error).message).toContain(`the 200 response to GET ${server.url}/api/Groups is not valid JSON`);
  });
});

describe('retries', () => {
  test('any method is retried on 429 with Retry-After: 0', async () => {
    const { server, client } = await setUp(sequence(429, 429));
    expect((await client.request({ method: 'POST', path: '/Groups', body: {} })).body).toEqual({ ok: true });
    expect(server.seen).toHaveLength(3);
  });

  test('a POST is not retried on 500; a GET is, and a POST marked idempotent is', async () => {
    const { server, client } = await setUp(sequence(500, 500, 500, 200, 503, 200));
    await expect(client.request({ method: 'POST', path: '/Groups', body: {} })).rejects.toMatchObject({ status: 500 });
    expect(server.seen).toHaveLength(1);
    expect((await client.request({ method: 'GET', path: '/Groups' })).status).toBe(200);
    expect(server.seen).toHaveLength(4);
    expect((await client.request({ method: 'POST', path: '/Groups/.search', body: {}, idempotent: true })).status).toBe(200);
    expect(server.seen).toHaveLength(6);
  });

  test('gives up after maxAttempts, saying so', async () => {
    const { server, client } = await setUp(sequence(503, 503, 503, 503));
    await expect(client.request({ method: 'GET', path: '/Groups' })).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/failed: 503 Service Unavailable \(E503\); gave up after 3 attempts$/),
    });
    expect(server.seen).toHaveLength(3);
  });

  test('a Retry-After longer than maxRetryAfterMs fails at once with the 429', async () => {
    const { server, client } = await setUp((_req, res) => sendJson(res, 429, {}, { 'retry-after': '3600' }), { retry: { maxRetryAfterMs: 60_000 } });
    await expect(client.request({ method: 'GET', path: '/Groups' })).rejects.toMatchObject({
      status: 429,
      message: expect.stringContaining('Retry-After 3600 s is longer than the 60 s this run waits'),
    });
    expect(server.seen).toHaveLength(1);
  });

  test('a 429 without Retry-After backs off exponentially from throttledDelayMs, with jitter, then retries', async () => {
    const pauses: number[] = [];
    const debug = (line: string): void => {
      const paused = / after 429, paused (\d+)ms$/.exec(line);
      if (paused !== null) pauses.push(Number(paused[1]));
    };
    const { server, client } = await setUp((_req, res, index) => sendJson(res, index < 2 ? 429 : 200, {}), {
      retry: { throttledDelayMs: 10, baseDelayMs: 1 },
      debug,
    });
    expect((await client.request({ method: 'PATCH', path: '/Groups/g1', body: {} })).status).toBe(200);
    expect(server.seen).toHaveLength(3);
    expect(pauses).toHaveLength(2);
    expect(pauses[0]).toBeGreaterThanOrEqual(5);
    expect(pauses[0]).toBeLessThanOrEqual(10);
    expect(pauses[1]).toBeGreaterThanOrEqual(10);
    expect(pauses[1]).toBeLessThanOrEqual(20);
  });

  test('X-Retry-After is read where Retry-After is missing; Retry-After wins when both are sent', async () => {
    const only = await setUp((_req, res) => sendJson(res, 429, {}, { 'x-retry-after': '3600' }), { retry: { maxRetryAfterMs: 60_000 } });
    await expect(only.client.request({ method: 'GET', path: '/Groups' })).rejects.toMatchObject({
      status: 429,
      message: expect.stringContaining('Retry-After 3600 s is longer than the 60 s this run waits'),
    });
    const both = await setUp((_req, res) => sendJson(res, 429, {}, { 'retry-after': '7200', 'x-retry-after': '1' }), { retry: { maxRetryAfterMs: 60_000 } });
    await expect(both.client.request({ method: 'GET', path: '/Groups' })).rejects.toMatchObject({
      message: expect.stringContaining('Retry-After 7200 s is longer'),
    });
  });
});

describe('network failures', () => {
  test('a reset connection is retried for a GET, not for a POST', async () => {
    const { server, client } = await setUp(sequence('reset', 200, 'reset'));
    expect((await client.request({ method: 'GET', path: '/Groups' })).status).toBe(200);
    expect(server.seen).toHaveLength(2);
    const error = await client.request({ method: 'POST', path: '/Groups', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'HTTP_RESET', message: expect.stringContaining(`POST ${server.url}/api/Groups failed: connection reset`) });
    expect(server.seen).toHaveLength(3);
  });

  test('a server that never answers gives HTTP_TIMEOUT naming the headers timeout', async () => {
    const { server, client } = await setUp(() => {}, { timeouts: { headersMs: 50 }, retry: { maxAttempts: 2, baseDelayMs: 1 } });
    await expect(client.request({ method: 'POST', path: '/Groups', body: {} })).rejects.toMatchObject({
      code: 'HTTP_TIMEOUT',
      message: `POST ${server.url}/api/Groups failed: no response headers within 50 ms (headers timeout)`,
    });
    expect(server.seen).toHaveLength(1);
    await expect(client.request({ method: 'GET', path: '/Groups' })).rejects.toMatchObject({ code: 'HTTP_TIMEOUT', message: expect.stringContaining('gave up after 2 attempts') });
    expect(server.seen).toHaveLength(3);
  });

  test('a body that stalls gives HTTP_TIMEOUT naming the body timeout', async () => {
    const { client } = await setUp((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
    }, { timeouts: { bodyMs: 50 }, retry: { maxAttempts: 1 } });
    await expect(client.request({ method: 'GET', path: '/x' })).rejects.toMatchObject({ code: 'HTTP_TIMEOUT', message: expect.stringContaining('(body timeout)') });
  });

  test('a refused connection gives HTTP_CONNECT naming method and URL', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const client = new HttpClient({ baseUrl: closed.url, limiter: new RequestLimiter(1), retry: { maxAttempts: 2, baseDelayMs: 1 } });
    onTestFinished(() => client.close());
    await expect(client.request({ method: 'POST', path: '/Groups', body: {} })).rejects.toMatchObject({
      code: 'HTTP_CONNECT',
      message: `POST ${closed.url}/Groups failed: connection refused; gave up after 2 attempts`,
    });
  });
});
