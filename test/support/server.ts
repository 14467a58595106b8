import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface Seen {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (request: Seen, response: ServerResponse, index: number) => void;

export interface TestServer {
  url: string;
  seen: Seen[];
  /** 'connection' events: sockets opened by clients. */
  connections: number;
  /** Most requests received and not yet answered (res.end not yet called) at one time. */
  maxConcurrent: number;
  close(): Promise<void>;
}

/** A tiny real HTTP server on 127.0.0.1; the handler decides each answer. */
export async function startServer(handler: Handler): Promise<TestServer> {
  let open = 0;
  const state: TestServer = { url: '', seen: [], connections: 0, maxConcurrent: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      const index = state.seen.push(seen) - 1;
      open += 1;
      state.maxConcurrent = Math.max(state.maxConcurrent, open);
      let counted = true;
      const settle = (): void => {
        if (counted) open -= 1;
        counted = false;
      };
      const end = res.end.bind(res);
      res.end = ((...args: Parameters<typeof res.end>) => {
        settle();
        return end(...args);
      }) as typeof res.end;
      res.on('close', settle);
      handler(seen, res, index);
    });
  });
  server.on('connection', () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** startServer, closed when the current test finishes, whatever its outcome. */
export async function serveThisTest(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  onTestFinished(() => server.close());
  return server;
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
