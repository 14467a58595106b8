import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, RequestLimiter } from '../../../src/http/index.js';
import { sendJson, serveThisTest } from '../../support/server.js';
import { bigUsers, desiredTenant, withEmulator, withProvider } from './helpers.js';

const GROUP_ALL = 'POST /v1/mgmt/group/all';
const USER_SEARCH = 'POST /v2/mgmt/user/search';

describe('overlapping reads', () => {
  it('sends the batches after the first together, as many at once as the limiter allows', async () => {
    // 350 login ids, none a live member: the first batch of 100 alone (it settles the limit), then 3 at once.
    const users = bigUsers(350);
    const desired = desiredTenant('BIG', { Everyone: users.map((u) => u.loginId) });
    let inFlight = 0;
    let maxInFlight = 0;
    const held: (() => void)[] = [];
    const order: string[] = [];
    const releaseHeld = (): void => {
      for (const answer of held.splice(0)) answer();
    };
    let fallback: NodeJS.Timeout | undefined;
    const server = await serveThisTest((request, response) => {
      if (request.url === '/v1/mgmt/group/all') {
        order.push('group/all');
        sendJson(response, 200, [{ id: 'b1', display: 'Everyone', members: [] }]);
        return;
      }
      const asked = (JSON.parse(request.body) as { loginIds: string[] }).loginIds;
      order.push(`search ${asked.length}`);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      held.push(() => {
        inFlight -= 1;
        const found = users.filter((u) => asked.includes(u.loginId)).map((u) => ({ userId: u.userId, loginIds: [u.loginId] }));
        sendJson(response, 200, { users: found, total: found.length });
      });
      // Answers wait until 3 searches are in flight; a sequential client still finishes (with maxInFlight 1)
      // through the fallback, so the assertion below fails instead of the test hanging.
      clearTimeout(fallback);
      if (held.length >= 3 || order.length === 2) releaseHeld();
      else fallback = setTimeout(releaseHeld, 300);
    });
    const live = await withProvider(server, [desired], (provider) => provider.loadTenant(desired));
    clearTimeout(fallback);
    expect(live.users.map((u) => u.userId)).toEqual(users.map((u) => u.userId));
    // The three sent at once may reach the server in any order.
    expect([...order.slice(0, 2), ...order.slice(2).sort()]).toEqual(['group/all', 'search 100', 'search 100', 'search 100', 'search 50']);
    // testContext() allows 4 requests in flight; 3 searches were left.
    expect(maxInFlight).toBe(3);
  });

  it('halves the limit and splits the batches when the server refuses it after it was settled', async () => {
    // A server whose maximum drops to 50 after the first search: the two batches of 100 in flight are refused,
    // then sent again as four of 50.
    const users = bigUsers(300);
    const desired = desiredTenant('BIG', { Everyone: users.map((u) => u.loginId) });
    const limits: string[] = [];
    const server = await serveThisTest((request, response) => {
      if (request.url === '/v1/mgmt/group/all') return sendJson(response, 200, []);
      const asked = JSON.parse(request.body) as { loginIds: string[]; limit: number };
      limits.push(`${asked.loginIds.length}/${asked.limit}`);
      if (limits.length > 1 && asked.limit > 50) return sendJson(response, 400, { errorCode: 'E011002', errorDescription: 'limit too large' });
      const found = users.filter((u) => asked.loginIds.includes(u.loginId)).map((u) => ({ userId: u.userId, loginIds: [u.loginId] }));
      sendJson(response, 200, { users: found, total: found.length });
    });
    const live = await withProvider(server, [desired], (provider) => provider.loadTenant(desired));
    expect(live.users.map((u) => u.userId)).toEqual(users.map((u) => u.userId));
    // A retry of one refused batch may reach the server before the other batch of 100.
    expect([...limits].sort()).toEqual(['100/100', '100/100', '100/100', '50/50', '50/50', '50/50', '50/50']);
  });

  it('loads members with group/members for every group at once when group/all leaves them out', async () => {
    await withEmulator({ descopeInlineMembers: false }, async (emulator) => {
      const desired = desiredTenant('T1', { Engineering: ['alice@acme.com', 'bob@acme.com'] });
      const live = await withProvider(emulator, [desired], (provider) => provider.loadTenant(desired));
      expect(live.groups.map((g) => [g.name, g.members.map((m) => m.userId)])).toEqual([
        ['Engineering', ['U1', 'U2']],
        ['SSO Admins', ['U3']],
        ['Sales', ['U3']],
      ]);
      // Both declared users are members, which group/members shows: no search.
      expect(emulator.stats().routes).toEqual({ [GROUP_ALL]: 1, 'POST /v1/mgmt/group/members': 3 });
    });
  });
});

describe('abort listeners on the run signal', () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => void warnings.push(`${warning.name}: ${warning.message}`);
  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });
  // process.emitWarning emits on the next tick.
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('sends 50 requests at once with one signal (and one drain) and no warning', async () => {
    const server = await serveThisTest((_request, response) => response.end('ok'));
    const client = new HttpClient({ baseUrl: server.url, limiter: new RequestLimiter(50) });
    try {
      const stop = { signal: new AbortController().signal, drain: new AbortController().signal };
      const send = () => client.request({ method: 'GET', path: '/', stop });
      const answers = await Promise.all(Array.from({ length: 50 }, send));
      expect(answers.map((a) => a.body)).toEqual(Array<string>(50).fill('ok'));
      await settle();
      expect(warnings).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('loads 30 tenants at once, then a tenant with 50 searches, through a limiter of 16 and one signal, with no warning', async () => {
    // The server caps pages at 10: the first batch pages 10 times, the other 400 login ids go as 40 batches at once.
    await withEmulator({ userSearchMaxLimit: 10, userSearchOverLimit: 'cap' }, async (emulator) => {
      // Users 0-149 are members already; 150-399 exist, the other 250 do not: 500 login ids to search.
      const declared = [...bigUsers(400).slice(150).map((u) => u.loginId), ...bigUsers(250).map((_, i) => `nobody${i}@big.test`)];
      const desired = desiredTenant('BIG', { Everyone: declared });
      const t1 = desiredTenant('T1');
      const signal = new AbortController().signal;
      const live = await withProvider(
        emulator,
        [t1, desired],
        async (provider) => {
          // 30 group/all at once: 14 wait in the limiter, each with a listener, before any is on the wire.
          await Promise.all(Array.from({ length: 30 }, () => provider.loadTenant(t1, signal)));
          return provider.loadTenant(desired, signal);
        },
        {},
        16,
      );
      expect(live.users).toHaveLength(400);
      expect(emulator.stats().routes).toEqual({ [GROUP_ALL]: 31, [USER_SEARCH]: 50 });
      await settle();
      expect(warnings).toEqual([]);
    });
  });
});
