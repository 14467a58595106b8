import type { ServerResponse } from 'node:http';
import { describe, expect, onTestFinished, test } from 'vitest';
import { HttpClient, RateGate, RequestLimiter, type HttpClientOptions } from '../../../src/http/index.js';
import { sendJson, serveThisTest as serve, type Handler, type TestServer } from '../../support/server.js';

function clientFor(server: TestServer, options: Partial<HttpClientOptions> & { limiter: RequestLimiter }): HttpClient {
  const client = new HttpClient({ baseUrl: server.url, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...options });
  onTestFinished(() => client.close());
  return client;
}

const ok: Handler = (_req, res) => sendJson(res, 200, { ok: true });

/** Resolves once `debug` has received a line matching `pattern`. */
function debugWatcher(pattern: RegExp): { debug: (line: string) => void; seen: Promise<void> } {
  let resolveSeen = (): void => {};
  const seen = new Promise<void>((resolve) => {
    resolveSeen = resolve;
  });
  return { debug: (line) => void (pattern.test(line) && resolveSeen()), seen };
}

describe('RequestLimiter', () => {
  test('two clients sharing maxInFlight 2 never have more than 2 requests at the server', async () => {
    // Requests are answered in pairs, so the server sees exactly 2 at once when the limit holds, and a third
    // arrives before the pair is answered when it does not.
    const held: ServerResponse[] = [];
    const server = await serve((_req, res) => {
      held.push(res);
      if (held.length === 2) for (const waiting of held.splice(0)) sendJson(waiting, 200, {});
    });
    const limiter = new RequestLimiter(2);
    const clients = [clientFor(server, { limiter, baseUrl: `${server.url}/T1` }), clientFor(server, { limiter, baseUrl: `${server.url}/T2` })];
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => clients[i % 2]!.request({ method: 'GET', path: `/r${i}` })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(server.maxConcurrent).toBe(2);
    expect(server.seen.map((s) => s.url).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `/T${(i % 2) + 1}/r${i}`).sort());
  });

  test('a request queued behind the limit rejects with the abort reason and never reaches the server', async () => {
    const held: ServerResponse[] = [];
    const server = await serve((_req, res) => void held.push(res));
    const client = clientFor(server, { limiter: new RequestLimiter(1) });
    const first = client.request({ method: 'GET', path: '/first' });
    const controller = new AbortController();
    const queued = client.request({ method: 'GET', path: '/queued', stop: { signal: controller.signal } });
    await expect.poll(() => held.length).toBe(1);
    controller.abort();
    const error = await queued.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    sendJson(held[0]!, 200, {});
    expect((await first).status).toBe(200);
    expect(server.seen.map((s) => s.url)).toEqual(['/first']);
  });

  test('aborting a request on the wire rejects with the abort reason', async () => {
    const server = await serve(() => {});
    const client = clientFor(server, { limiter: new RequestLimiter(1) });
    const controller = new AbortController();
    const pending = client.request({ method: 'GET', path: '/slow', stop: { signal: controller.signal } });
    await expect.poll(() => server.seen.length).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('keep-alive', () => {
  test('many requests reuse few connections', async () => {
    const server = await serve(ok);
    const client = clientFor(server, { limiter: new RequestLimiter(2) });
    for (let i = 0; i < 10; i += 1) await client.request({ method: 'GET', path: '/seq' });
    await Promise.all(Array.from({ length: 20 }, () => client.request({ method: 'GET', path: '/par' })));
    expect(server.seen).toHaveLength(30);
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  test('clients of one origin share the pool', async () => {
    const server = await serve(ok);
    const limiter = new RequestLimiter(1);
    for (const tenant of ['T1', 'T2', 'T3']) {
      await clientFor(server, { limiter, baseUrl: `${server.url}/${tenant}/scim/v2` }).request({ method: 'GET', path: '/Groups' });
    }
    expect(server.connections).toBe(1);
  });
});

describe('throttle and pause', () => {
  test('the throttle holds a request back instead of sending it', async () => {
    const server = await serve(ok);
    const client = clientFor(server, { limiter: new RequestLimiter(4), throttle: { requests: 2, perMs: 60_000 } });
    await client.request({ method: 'GET', path: '/1' });
    await client.request({ method: 'GET', path: '/2' });
    const controller = new AbortController();
    const third = client.request({ method: 'GET', path: '/3', stop: { signal: controller.signal } });
    setTimeout(() => controller.abort(), 100);
    await expect(third).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.seen.map((s) => s.url)).toEqual(['/1', '/2']);
  });

  test('a 429 with Retry-After pauses the whole client, not just that request', async () => {
    const server = await serve((_req, res) => sendJson(res, 429, {}, { 'retry-after': '30' }));
    const watcher = debugWatcher(/^← 429/);
    const client = clientFor(server, { limiter: new RequestLimiter(4), debug: watcher.debug });
    const controller = new AbortController();
    const limited = client.request({ method: 'GET', path: '/limited', stop: { signal: controller.signal } });
    await watcher.seen;
    const other = client.request({ method: 'GET', path: '/other', stop: { signal: controller.signal } });
    setTimeout(() => controller.abort(), 100);
    await expect(limited).rejects.toMatchObject({ name: 'AbortError' });
    await expect(other).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.seen.map((s) => s.url)).toEqual(['/limited']);
  });

  test('clients sharing a throttled gate share one window', async () => {
    const server = await serve(ok);
    const limiter = new RequestLimiter(4);
    const gate = new RateGate({ requests: 2, perMs: 60_000 });
    const a = clientFor(server, { limiter, gate, baseUrl: `${server.url}/A` });
    const b = clientFor(server, { limiter, gate, baseUrl: `${server.url}/B` });
    await a.request({ method: 'GET', path: '/1' });
    await a.request({ method: 'GET', path: '/2' });
    const controller = new AbortController();
    const third = b.request({ method: 'GET', path: '/3', stop: { signal: controller.signal } });
    setTimeout(() => controller.abort(), 100);
    await expect(third).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.seen.map((s) => s.url)).toEqual(['/A/1', '/A/2']);
  });

  test('clients sharing a gate share the pause', async () => {
    const server = await serve((req, res) => (req.url === '/A/limited' ? sendJson(res, 429, {}, { 'retry-after': '30' }) : sendJson(res, 200, {})));
    const watcher = debugWatcher(/^← 429/);
    const limiter = new RequestLimiter(4);
    const gate = new RateGate(undefined);
    const a = clientFor(server, { limiter, gate, baseUrl: `${server.url}/A`, debug: watcher.debug });
    const b = clientFor(server, { limiter, gate, baseUrl: `${server.url}/B` });
    const controller = new AbortController();
    const limited = a.request({ method: 'GET', path: '/limited', stop: { signal: controller.signal } });
    await watcher.seen;
    const other = b.request({ method: 'GET', path: '/other', stop: { signal: controller.signal } });
    setTimeout(() => controller.abort(), 100);
    await expect(limited).rejects.toMatchObject({ name: 'AbortError' });
    await expect(other).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.seen.map((s) => s.url)).toEqual(['/A/limited']);
  });
});
