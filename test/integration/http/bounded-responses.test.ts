import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { startHostileServer, type HostileKind } from '../../../bench/hostile-servers.js';
import { HttpClient, NetworkError, RequestLimiter, type HttpClientOptions } from '../../../src/http/index.js';
import { runMain, tempDir } from '../../support/in-process.js';
import { rejection } from '../../support/rejection.js';
import { serveThisTest } from '../../support/server.js';

async function clientFor(url: string, options: Partial<HttpClientOptions> = {}): Promise<HttpClient> {
  const client = new HttpClient({
    baseUrl: url,
    limiter: new RequestLimiter(2),
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  onTestFinished(() => client.close());
  return client;
}

async function hostile(kind: HostileKind): Promise<{ url: string; requests: () => number }> {
  const server = await startHostileServer(kind, 50);
  onTestFinished(() => server.close());
  return server;
}

test('a body trickling a byte at a time ends at the deadline of the whole attempt, not retried', async () => {
  const server = await hostile('trickle');
  // Every gap between bytes is far below the body timeout: only a deadline over the whole attempt ends it.
  const client = await clientFor(server.url, { timeouts: { bodyMs: 5_000, totalMs: 300 } });
  const error = await rejection(client.request({ method: 'GET', path: '/Groups' }), NetworkError);
  expect(error.code).toBe('HTTP_TIMEOUT');
  expect(error.message).toMatch(/did not complete within 300 ms \(the request's deadline, provider\.http\.timeoutSeconds\)$/);
  expect(server.requests()).toBe(1);
});

test.each([
  ['streams without end', 'endless'],
  ['announces and sends 1 GiB', 'huge'],
] as const)('an answer that %s fails with HTTP_RESPONSE_TOO_LARGE at the cap, not retried', async (_name, kind) => {
  const server = await hostile(kind);
  const client = await clientFor(server.url, { maxResponseBytes: 1024 * 1024 });
  const error = await rejection(client.request({ method: 'GET', path: '/Groups' }), NetworkError);
  expect(error).toMatchObject({ code: 'HTTP_RESPONSE_TOO_LARGE' });
  expect(error.message).toMatch(/the answer is larger than 1 MiB \(provider\.http\.maxResponseMegabytes\)$/);
  expect(server.requests()).toBe(1);
});

test('an answer within the cap is read whole', async () => {
  const server = await serveThisTest((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pad: 'x'.repeat(1000) })));
  const client = await clientFor(server.url, { maxResponseBytes: 1011 });
  expect((await client.request<{ pad: string }>({ method: 'GET', path: '/' })).body?.pad).toHaveLength(1000);
});

test('a server that sends no answer at all within the deadline is retried like any timeout', async () => {
  const server = await serveThisTest(() => {});
  const client = await clientFor(server.url, { timeouts: { headersMs: 5_000, totalMs: 100 }, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
  const error = await rejection(client.request({ method: 'GET', path: '/Groups' }), NetworkError);
  expect(error.code).toBe('HTTP_TIMEOUT');
  expect(error.message).toMatch(/no answer within 100 ms .*gave up after 2 attempts$/);
  expect(server.seen).toHaveLength(2);
});

describe.each([
  ['trickles', 'trickle', 'HTTP_TIMEOUT'],
  ['streams without end', 'endless', 'HTTP_RESPONSE_TOO_LARGE'],
  ['answers 1 GiB', 'huge', 'HTTP_RESPONSE_TOO_LARGE'],
] as const)('plan against a server that %s', (_name, kind, code) => {
  test(`ends with ${code} and the setting to change`, async () => {
    const server = await hostile(kind);
    const dir = await tempDir();
    await writeFile(
      join(dir, 'groupform.yaml'),
      `version: 1\nprovider:\n  type: scim\n  baseUrl: ${server.url}/{tenantId}/scim/v2\n  token: \${TOKEN}\n  http: {timeoutSeconds: 0.5, maxResponseMegabytes: 2}\ntenants:\n  T1:\n    groups: {}\n`,
    );
    const result = await runMain(['plan'], { cwd: dir, env: { TOKEN: 'tok-0123456789' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`error LOAD_FAILED[^]*failed: .*provider\\.http\\.${kind === 'trickle' ? 'timeoutSeconds' : 'maxResponseMegabytes'}\\)`));
    expect(result.stderr).toContain(kind === 'trickle' ? 'did not complete within 500 ms' : 'larger than 2 MiB');
    expect(server.requests()).toBe(1);
  });
});
