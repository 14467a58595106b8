// Servers that answer every request badly, for the bounded-response tests and bench/hostile.ts: one that trickles
// its body a byte at a time, one that streams without end, one that answers 1 GiB.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HostileKind = 'trickle' | 'endless' | 'huge';
export const hostileKinds: readonly HostileKind[] = ['trickle', 'endless', 'huge'];

export interface HostileServer {
  url: string;
  /** Requests received. */
  requests(): number;
  close(): Promise<void>;
}

const GIB = 1024 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

export async function startHostileServer(kind: HostileKind, trickleEveryMs = 100): Promise<HostileServer> {
  let requests = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    requests += 1;
    req.resume();
    if (kind === 'trickle') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => res.write(' '), trickleEveryMs);
      timers.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', ...(kind === 'huge' ? { 'content-length': String(GIB) } : {}) });
    res.write('[');
    stream(res, kind === 'huge' ? GIB - 1 : Number.POSITIVE_INFINITY);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `left` bytes as fast as the client reads them (keeping to backpressure), until the client goes away. */
function stream(res: ServerResponse, left: number): void {
  let remaining = left;
  const pump = (): void => {
    while (remaining > 0 && !res.destroyed) {
      const chunk = remaining >= CHUNK.length ? CHUNK : CHUNK.subarray(0, remaining);
      remaining -= chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (remaining <= 0) res.end();
  };
  pump();
}
