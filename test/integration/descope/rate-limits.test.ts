import { describe, expect, it } from 'vitest';
import { createDescopeProvider } from '../../../src/providers/descope/provider.js';
import type { ProviderContext } from '../../../src/providers/context.js';
import { RequestLimiter, createHttpCounters } from '../../../src/http/index.js';
import { desiredTenant, providerConfig, withEmulator } from './helpers.js';

const tenants = () => [
  desiredTenant('T1', { Engineering: ['alice@acme.com', 'erin@acme.com'] }),
  desiredTenant('T2', { 'Beta Team': ['frank@beta.com'] }),
  desiredTenant('BIG', { Everyone: ['user0@big.test'] }),
];

/** Loads every tenant `rounds` times through one provider; returns the group names seen per load. */
async function loadRounds(url: string, context: ProviderContext, rounds: number): Promise<string[][]> {
  const desired = tenants();
  const provider = createDescopeProvider(providerConfig(url), desired, context);
  try {
    const loads = Array.from({ length: rounds }, () => desired.map((t) => provider.loadTenant(t))).flat();
    return (await Promise.all(loads)).map((live) => live.groups.map((g) => g.name));
  } finally {
    await provider.close();
  }
}

const statuses429 = (stats: { statuses: Record<string, number> }) => stats.statuses['429'] ?? 0;

describe('rate limits over HTTP', () => {
  it('per-route windows that count requests in flight keep a limiting server from ever answering 429', async () => {
    await withEmulator({ rateLimit: { requests: 3, perSeconds: 0.3 }, rateLimitLockoutSeconds: 60, latencyMs: 5 }, async (emulator) => {
      const window = { requests: 3, perMs: 300 };
      const context: ProviderContext = {
        limiter: new RequestLimiter(8),
        retry: { maxRetryAfterMs: 1 },
        throttle: { routes: [{ route: 'POST /v1/mgmt/group/all', ...window }, { route: 'POST /v2/mgmt/user/search', ...window }], other: window },
      };
      const loads = await loadRounds(emulator.url, context, 3);
      expect(loads).toHaveLength(9);
      const stats = emulator.stats();
      expect(stats.routes['POST /v1/mgmt/group/all']).toBe(9);
      expect(statuses429(stats)).toBe(0);
    });
  });

  it('a 429 without Retry-After is retried after a short exponential backoff, not a minute', async () => {
    await withEmulator({ faultRate: 0.3, faults: ['429'], faultSeed: 5, retryAfterHeader: 'none' }, async (emulator) => {
      const counters = createHttpCounters();
      const context: ProviderContext = { limiter: new RequestLimiter(4), retry: { throttledDelayMs: 5, maxDelayMs: 40, maxAttempts: 10 }, counters };
      const loads = await loadRounds(emulator.url, context, 2);
      expect(loads.slice(0, 3)).toEqual([['Engineering', 'SSO Admins', 'Sales'], ['Beta Team'], ['Everyone']]);
      const stats = emulator.stats();
      expect(stats.faults['429']).toBeGreaterThan(0);
      // The run's counters saw what the server did.
      expect(counters.throttled).toBe(stats.faults['429']);
      expect(counters.requests).toBe(stats.requests);
    });
  });

  it('a server that lowers its limit below the documented one: the client learns the rate and finishes', async () => {
    await withEmulator({ rateLimit: { requests: 4, perSeconds: 0.5 }, retryAfterHeader: 'none' }, async (emulator) => {
      const counters = createHttpCounters();
      const context: ProviderContext = { limiter: new RequestLimiter(8), retry: { throttledDelayMs: 20, maxDelayMs: 200, maxAttempts: 10 }, throttle: false, counters };
      const loads = await loadRounds(emulator.url, context, 4);
      expect(loads).toHaveLength(12);
      expect(counters.throttled).toBe(statuses429(emulator.stats()));
      expect(counters.throttled).toBeGreaterThan(0);
    });
  });

  it('reads X-Retry-After when Retry-After is missing', async () => {
    await withEmulator({ faultRate: 1, faults: ['429'], retryAfterHeader: 'x-retry-after', retryAfterSeconds: 3600 }, async (emulator) => {
      const context: ProviderContext = { limiter: new RequestLimiter(1), retry: { maxRetryAfterMs: 1000 } };
      await expect(loadRounds(emulator.url, context, 1)).rejects.toMatchObject({ message: expect.stringContaining('Retry-After 3600 s is longer than the 1 s this run waits') });
    });
  });
});
