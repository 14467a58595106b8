import { describe, expect, it } from 'vitest';
import { emulatorOptionsFromFlags } from '../../../src/cli/commands/emulator.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { call, testSeed, withEmulator } from './helpers.js';

async function statsOf(emulator: { url: string }) {
  return (await call(emulator, 'GET', '/_emulator/stats')).body;
}

describe('emulator faults and stats', () => {
  it('injects 429 / 500 / reset at the configured share, exactly the same counts for the same seed', async () => {
    const runOnce = () =>
      withEmulator({ faultRate: 0.5, faults: ['429', '500', 'reset'], faultSeed: 42, retryAfterSeconds: 0 }, async (emulator) => {
        const outcomes: string[] = [];
        for (let i = 0; i < 400; i++) {
          try {
            const response = await fetch(`${emulator.url}/T1/scim/v2/Groups/g1`, { headers: { authorization: 'Bearer sk-t1' } });
            await response.arrayBuffer();
            if (response.status === 429) expect(response.headers.get('retry-after')).toBe('0');
            outcomes.push(String(response.status));
          } catch {
            outcomes.push('reset');
          }
        }
        return { outcomes, stats: await statsOf(emulator) };
      });
    const first = await runOnce();
    const { stats } = first;
    expect(stats.requests).toBe(400);
    expect(stats.routes).toEqual({ 'GET /{tenantId}/scim/v2/Groups/{id}': 400 });
    const faulted = stats.faults['429'] + stats.faults['500'] + stats.faults.reset;
    expect(faulted / 400).toBeGreaterThan(0.42);
    expect(faulted / 400).toBeLessThan(0.58);
    for (const kind of ['429', '500', 'reset'] as const) {
      expect(stats.faults[kind] / 400).toBeGreaterThan(0.12);
      expect(stats.faults[kind] / 400).toBeLessThan(0.22);
    }
    expect(stats.faults).toEqual({ '429': 58, '500': 74, reset: 64, 'reset-after': 0, timeout: 0 });
    expect(stats.statuses).toEqual({ '200': 204, '429': 58, '500': 74 });
    expect(first.outcomes.filter((o) => o === 'reset')).toHaveLength(64);
    const second = await runOnce();
    expect(second.outcomes).toEqual(first.outcomes);
  });

  it('answers a Descope route\'s 429 with E130429 and Retry-After in seconds', async () => {
    await withEmulator({ faultRate: 1, faults: ['429'], retryAfterSeconds: 7 }, async (emulator) => {
      const response = await call(emulator, 'GET', '/v1/mgmt/license', { token: 'P2test:mk-test' });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.body).toMatchObject({ errorCode: 'E130429' });
      const scim = await call(emulator, 'GET', '/T1/scim/v2/Groups', { token: 'sk-t1' });
      expect(scim).toMatchObject({ status: 429, body: { status: '429' } });
    });
  });

  it('sends a 429\'s wait as X-Retry-After, or no header at all, as told', async () => {
    for (const [header, expected] of [['x-retry-after', { 'x-retry-after': '7', 'retry-after': null }], ['none', { 'x-retry-after': null, 'retry-after': null }]] as const) {
      await withEmulator({ faultRate: 1, faults: ['429'], retryAfterSeconds: 7, retryAfterHeader: header }, async (emulator) => {
        const response = await call(emulator, 'GET', '/T1/scim/v2/Groups', { token: 'sk-t1' });
        expect(response.status).toBe(429);
        expect({ 'x-retry-after': response.headers.get('x-retry-after'), 'retry-after': response.headers.get('retry-after') }).toEqual(expected);
      });
    }
  });

  it('enforces a limit per route, and once exceeded locks the route out with Retry-After', async () => {
    await withEmulator({ rateLimit: { requests: 2, perSeconds: 60 }, rateLimitLockoutSeconds: 60 }, async (emulator) => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(emulator, 'GET', '/T1/scim/v2/Groups', { token: 'sk-t1' })).status);
      const locked = await call(emulator, 'GET', '/T1/scim/v2/Groups', { token: 'sk-t1' });
      // Another route has its own window.
      const other = await call(emulator, 'GET', '/T1/scim/v2/Groups/g1', { token: 'sk-t1' });
      expect(statuses).toEqual([200, 200, 429]);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(58);
      expect(other.status).toBe(200);
    });
  });

  it('a reset-after fault performs the write, then drops the connection before answering', async () => {
    await withEmulator({ faultRate: 1, faults: ['reset-after'] }, async (emulator) => {
      const outcome = await call(emulator, 'POST', '/T1/scim/v2/Groups', { token: 'sk-t1', body: { displayName: 'Lost Answer' } }).then(
        (r) => `answered ${r.status}`,
        () => 'dropped',
      );
      expect(outcome).toBe('dropped');
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => g.display)).toContain('Lost Answer');
      expect((await statsOf(emulator)).faults['reset-after']).toBe(1);
    });
  });

  it('--create-faults N:KIND meets exactly the Nth group create, on either SCIM side, whatever the fault rate', async () => {
    const flags = emulatorOptionsFromFlags({ createFaults: '2:reset-after, 3:500' }, { cwd: '/' });
    expect(flags.createFaults).toEqual([{ nth: 2, fault: 'reset-after' }, { nth: 3, fault: '500' }]);
    expect(() => emulatorOptionsFromFlags({ createFaults: '2:lost' }, { cwd: '/' })).toThrow('--create-faults expects N:KIND entries');
    await withEmulator(flags, async (emulator) => {
      const post = (displayName: string) =>
        call(emulator, 'POST', '/T1/scim/v2/Groups', { token: 'sk-t1', body: { displayName } }).then((r) => `answered ${r.status}`, () => 'dropped');
      // A read between creates does not count.
      await call(emulator, 'GET', '/T1/scim/v2/Groups', { token: 'sk-t1' });
      expect([await post('One'), await post('Two'), await post('Three'), await post('Four')]).toEqual(['answered 201', 'dropped', 'answered 500', 'answered 201']);
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => g.display)).toEqual(expect.arrayContaining(['One', 'Two', 'Four']));
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => g.display)).not.toContain('Three');
    });
  });

  it('a timeout fault never answers until the emulator closes', async () => {
    const emulator = await startEmulator({ seed: testSeed(), faultRate: 1, faults: ['timeout'] });
    const pending = fetch(`${emulator.url}/T1/scim/v2/Groups`, { headers: { authorization: 'Bearer sk-t1' } }).then(
      (r) => `answered ${r.status}`,
      () => 'dropped',
    );
    for (let i = 0; i < 200 && (await statsOf(emulator)).faults.timeout === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await statsOf(emulator)).faults.timeout).toBe(1);
    await emulator.close();
    expect(await pending).toBe('dropped');
  });

  it('counts per route and status, resets on request, and leaves /_emulator out', async () => {
    await withEmulator({ latencyMs: 2 }, async (emulator) => {
      await call(emulator, 'POST', '/v1/mgmt/group/all', { token: 'P2test:mk-test', body: { tenantId: 'T1' } });
      await call(emulator, 'POST', '/v1/mgmt/group/all', { token: 'P2test:wrong', body: { tenantId: 'T1' } });
      await call(emulator, 'GET', '/nowhere');
      expect(await statsOf(emulator)).toEqual({
        requests: 3,
        routes: { 'GET (unmatched)': 1, 'POST /v1/mgmt/group/all': 2 },
        routeStatuses: { 'GET (unmatched)': { '404': 1 }, 'POST /v1/mgmt/group/all': { '200': 1, '401': 1 } },
        statuses: { '200': 1, '401': 1, '404': 1 },
        faults: { '429': 0, '500': 0, reset: 0, 'reset-after': 0, timeout: 0 },
      });
      expect((await call(emulator, 'POST', '/_emulator/stats/reset')).status).toBe(204);
      expect((await statsOf(emulator)).requests).toBe(0);
      const state = await call(emulator, 'GET', '/_emulator/state');
      expect(state.body).toEqual(emulator.snapshot());
      expect(Object.keys(state.body.tenants)).toEqual(['T1', 'T2', 'BIG']);
    });
  });
});
