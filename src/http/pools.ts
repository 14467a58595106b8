import { Pool } from 'undici';

interface Entry {
  pool: Pool;
  users: number;
}

// One keep-alive pool per origin (and connect timeout, a pool-level setting), shared by every client that
// talks to it: a SCIM provider holds a client per tenant, and tenants on one host should reuse connections.
// Connections are capped at the run's limit: undici otherwise opens a new socket when a request is dispatched
// in the instant before the previous one's connection is marked free.
const pools = new Map<string, Entry>();

export interface PoolLease {
  pool: Pool;
  release: () => Promise<void>;
}

export function leasePool(origin: string, connectMs: number, connections: number): PoolLease {
  const key = `${origin} ${connectMs} ${connections}`;
  let entry = pools.get(key);
  if (entry === undefined) {
    entry = { pool: new Pool(origin, { connections, connect: { timeout: connectMs } }), users: 0 };
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
