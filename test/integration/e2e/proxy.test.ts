import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { CONVERGED, E2E_CONFIG, afterThisTest, e2eEnv, e2eSeed, expectNoSecret, groupsViaSdk, startScenario } from './fixtures.js';

const BIN = resolve('dist/src/cli/main.js');
// A test-only certificate for 127.0.0.1 (and its own CA): trusted only where NODE_EXTRA_CA_CERTS names it.
const CERT = resolve('test/fixtures/tls/loopback.crt');
const KEY = resolve('test/fixtures/tls/loopback.key');

async function listen(server: Server | ReturnType<typeof createTlsServer>): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => sockets.add(socket).size);
  server.on('secureConnection', (socket: Socket) => sockets.add(socket).size);
  afterThisTest(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((done) => server.close(() => done()));
  });
  return (server.address() as AddressInfo).port;
}

/** https on loopback in front of the (plain http) emulator, as a provider behind TLS. */
async function tlsFront(emulatorUrl: string): Promise<string> {
  const target = new URL(emulatorUrl);
  const server = createTlsServer({ key: readFileSync(KEY), cert: readFileSync(CERT) }, (socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  return `https://127.0.0.1:${await listen(server)}`;
}

/** A CONNECT proxy on loopback that records every tunnel it opened. */
async function connectProxy(): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createHttpServer((_request, response) => response.writeHead(405).end());
  server.on('connect', (request, client: Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      client.pipe(upstream).pipe(client);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return { url: `http://127.0.0.1:${await listen(server)}`, tunnels };
}

/** The built CLI in its own process: NODE_EXTRA_CA_CERTS is read only when Node starts. */
function cli(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const { PATH = '' } = process.env;
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      expectNoSecret(stdout + stderr);
      done({ status, stdout, stderr });
    });
  });
}

describe('proxies and private CAs', () => {
  it('HTTPS_PROXY: plan and apply go through the CONNECT proxy to an https provider', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const provider = await tlsFront(emulator.url);
    const proxy = await connectProxy();
    const env = e2eEnv(provider, { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: CERT });

    const plan = await cli(['plan'], dir, env);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan:');
    const host = provider.slice('https://'.length);
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([host]));

    const apply = await cli(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete:');
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
  });

  it('NO_PROXY: a listed host is reached directly, the proxy sees nothing', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const provider = await tlsFront(emulator.url);
    const proxy = await connectProxy();
    const plan = await cli(['plan'], dir, e2eEnv(provider, { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1', NODE_EXTRA_CA_CERTS: CERT }));
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan:');
    expect(proxy.tunnels).toEqual([]);
  });

  it('HTTP_PROXY tunnels plain http to a loopback provider too', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const proxy = await connectProxy();
    const plan = await cli(['plan'], dir, e2eEnv(emulator.url, { HTTP_PROXY: proxy.url }));
    expect(plan.status, plan.stderr).toBe(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([emulator.url.slice('http://'.length)]));
  });

  it('an untrusted certificate is HTTP_TLS with the NODE_EXTRA_CA_CERTS hint, nothing written', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const before = emulator.snapshot();
    const provider = await tlsFront(emulator.url);
    const apply = await cli(['apply', '--auto-approve'], dir, e2eEnv(provider));
    expect(apply.status).toBe(1);
    expect(apply.stderr).toContain('error LOAD_FAILED');
    expect(apply.stderr).toContain('T1: HTTP_TLS: POST https://127.0.0.1:');
    expect(apply.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(apply.stderr).not.toMatch(/\n\s+at /);
    expect(emulator.snapshot()).toEqual(before);
  });
});
