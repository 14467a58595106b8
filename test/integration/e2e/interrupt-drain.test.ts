import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runMain } from '../../support/in-process.js';
import { afterThisTest, descopeConfig, e2eEnv, e2eSeed, expectNoSecret, startScenario } from './fixtures.js';

// One create (the write the proxy holds), then one delete that must never start.
const CONFIG = descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    unmanagedGroups: delete
    groups:
      Auditors: {}
      Eng: {}
      Platform:
        members: [carol@acme.com, dave@acme.com]
`);

interface HangingProxy {
  url: string;
  /** Every request that reached the proxy, in order. */
  seen: string[];
  /** Resolves when the first SCIM write arrives; the proxy holds it until release. */
  firstWrite: Promise<void>;
  /** Ends the held write: forwarded and answered, or the connection reset without forwarding. */
  release(how: 'forward' | 'reset'): void;
}

/** In front of the emulator: forwards everything except the first SCIM write, which it holds. */
async function startHangingProxy(target: string): Promise<HangingProxy> {
  const seen: string[] = [];
  let held: { request: IncomingMessage; body: string; response: ServerResponse } | undefined;
  let noticeWrite!: () => void;
  const firstWrite = new Promise<void>((resolve) => (noticeWrite = resolve));
  const forward = async (request: IncomingMessage, body: string, response: ServerResponse): Promise<void> => {
    const upstream = await fetch(`${target}${request.url ?? '/'}`, {
      method: request.method ?? 'GET',
      headers: { authorization: request.headers.authorization ?? '', 'content-type': request.headers['content-type'] ?? 'application/json' },
      ...(body === '' ? {} : { body }),
    });
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    response.end(await upstream.text());
  };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push(`${request.method ?? ''} ${request.url ?? ''}`);
      const isScimWrite = request.url?.startsWith('/scim/v2/') === true && request.method !== 'GET';
      if (isScimWrite && held === undefined) {
        held = { request, body, response };
        noticeWrite();
        return;
      }
      void forward(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterThisTest(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    firstWrite,
    release(how) {
      if (held === undefined) throw new Error('no write is held');
      if (how === 'reset') held.request.socket.destroy();
      else void forward(held.request, held.body, held.response);
    },
  };
}

describe('apply interrupted while a write hangs', () => {
  it.each([
    ['the write is lost (reset)', 'reset', /Apply interrupted: 1 change failed, 1 skipped:/, false],
    ['the write completes', 'forward', /Apply interrupted: 0 changes failed, 1 skipped:/, true],
  ] as const)('%s: the request on the wire finishes, nothing new is sent, exit 1 with the interrupted summary', async (_, how, summary, created) => {
    const { emulator, dir } = await startScenario(e2eSeed(), CONFIG);
    const proxy = await startHangingProxy(emulator.url);
    const controller = new AbortController();
    const run = runMain(['apply', '--auto-approve'], { cwd: dir, env: e2eEnv(proxy.url), signal: controller.signal });

    await proxy.firstWrite;
    expect(proxy.seen.at(-1)).toBe('POST /scim/v2/Groups');
    const seenAtInterrupt = proxy.seen.length;
    controller.abort();
    proxy.release(how);
    const result = await run;

    expectNoSecret(result.stdout + result.stderr);
    // No lookup of the create, no second POST, no other change: nothing reached the proxy after the interrupt.
    expect(proxy.seen.slice(seenAtInterrupt)).toEqual([]);
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(summary);
    expect(result.stdout).toContain('  skipped: T1 delete group "Legacy"');
    if (how === 'reset') {
      expect(result.stdout).toMatch(/ {2}failed: T1 create group "Platform" \(\+2 members\): interrupted: POST \S+ failed: connection reset .*not looked up/);
    }
    const groups = emulator.snapshot().tenants.T1?.groups?.map((g) => g.display) ?? [];
    expect(groups.includes('Platform')).toBe(created);
    expect(groups).toContain('Legacy');
  });
});
