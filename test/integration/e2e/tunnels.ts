import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterThisTest, expectNoSecret } from './fixtures.js';

// Loopback stand-ins for what sits between groupform and a provider: a TLS front, a CONNECT proxy, and the
// built CLI in its own process (NODE_EXTRA_CA_CERTS is read only when Node starts).

const BIN = resolve('dist/src/cli/main.js');

/** A test-only certificate and key (each its own CA): trusted only where NODE_EXTRA_CA_CERTS names it. */
export const TLS = {
  /** localhost and 127.0.0.1. */
  loopback: { cert: resolve('test/fixtures/tls/loopback.crt'), key: resolve('test/fixtures/tls/loopback.key') },
  /** api.descope.com, api.euc1.descope.com and api.use1.descope.com. */
  descopeHosts: { cert: resolve('test/fixtures/tls/descope-hosts.crt'), key: resolve('test/fixtures/tls/descope-hosts.key') },
};

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
export async function tlsFront(emulatorUrl: string, tls = TLS.loopback): Promise<string> {
  const target = new URL(emulatorUrl);
  const server = createTlsServer({ key: readFileSync(tls.key), cert: readFileSync(tls.cert) }, (socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  return `https://127.0.0.1:${await listen(server)}`;
}

/**
 * A CONNECT proxy on loopback that records every tunnel it opened. `routes` sends a requested `host:port` to
 * another one (a public host name to a loopback port); anything else is connected as asked.
 */
export async function connectProxy(routes: Record<string, string> = {}): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createHttpServer((_request, response) => response.writeHead(405).end());
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const asked = request.url ?? '';
    tunnels.push(asked);
    const [host, port] = (routes[asked] ?? asked).split(':');
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

/** The built CLI in its own process, with only PATH, NO_COLOR and `env`; fails the test if it prints a secret. */
export function cli(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
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
