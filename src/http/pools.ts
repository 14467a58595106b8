import type { Dispatcher } from 'undici';
import { createDispatcher, proxyKey, type ProxySettings } from './proxy.js';

interface Entry {
  pool: Dispatcher;
  users: number;
}

// One keep-alive pool per origin (and connect timeout, a pool-level setting), shared by every client that
// talks to it: a SCIM provider holds a client per tenant, and tenants on one host should reuse connections.
// Connections are capped at the run's limit: undici otherwise opens a new socket when a request is dispatched
// in the instant before the previous one's connection is marked free.
const pools = new Map<string, Entry>();

export interface PoolLease {
  pool: Dispatcher;
  release: () => Promise<void>;
}

export function leasePool(origin: string, connectMs: number, connections: number, proxy?: ProxySettings): PoolLease {
  const key = `${origin} ${connectMs} ${connections} ${proxyKey(proxy)}`;
  let entry = pools.get(key);
  if (entry === undefined) {
    entry = { pool: createDispatcher(origin, connectMs, connections, proxy), users: 0 };
    pools.set(key, entry);
  }
  const leased = entry;
  leased.users += 1;
  let released = false;
  return {
    pool: leased.pool,
    release: async () => {
      if (released) return;
      released = true;
      leased.users -= 1;
      if (leased.users > 0) return;
      pools.delete(key);
      await leased.pool.close();
    },
  };
}
