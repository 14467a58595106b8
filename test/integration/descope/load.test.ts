import { describe, expect, it } from 'vitest';
import type { LiveTenant } from '../../../src/model/types.js';
import { MANAGEMENT_KEY, PROJECT_ID, bigUsers, desiredTenant, withEmulator, withProvider } from './helpers.js';

const GROUP_ALL = 'POST /v1/mgmt/group/all';
const GROUP_MEMBERS = 'POST /v1/mgmt/group/members';
const USER_SEARCH = 'POST /v2/mgmt/user/search';

const t1Desired = () => desiredTenant('T1', { Engineering: ['alice@acme.com', 'ERIN2@acme.com', { userId: 'U\\4' }], Sales: undefined });

const t1Live: LiveTenant = {
  tenantId: 'T1',
  groups: [
    {
      id: 'g1',
      name: 'Engineering',
      members: [
        { userId: 'U1', loginId: 'alice@acme.com' },
        { userId: 'U2', loginId: 'bob@acme.com' },
      ],
    },
    { id: 'g2', name: 'SSO Admins', members: [{ userId: 'U3', loginId: 'carol@acme.com' }], source: 'jit' },
    { id: 'g3', name: 'Sales', members: [{ userId: 'U3', loginId: 'carol@acme.com' }] },
  ],
  users: [
    { userId: 'U1', loginIds: ['alice@acme.com'], display: 'Alice' },
    { userId: 'U2', loginIds: ['bob@acme.com'], display: 'Bob' },
    { userId: 'U3', loginIds: ['carol@acme.com'], display: 'Carol' },
    { userId: 'U5', loginIds: ['erin@acme.com', 'erin2@acme.com'], display: 'Erin' },
    { userId: 'U\\4', loginIds: ['dan@acme.com'], display: 'Dan' },
  ],
};

describe('loadTenant over HTTP against the emulator', () => {
  it.each([
    ['array', true],
    ['object', true],
    ['array', false],
    ['object', false],
  ] as const)('reads the %s envelope with inline members %s into the same LiveTenant', async (envelope, inline) => {
    await withEmulator({ descopeEnvelope: envelope, descopeInlineMembers: inline }, async (emulator) => {
      const live = await withProvider(emulator, [t1Desired()], (provider) => provider.loadTenant(t1Desired()));
      expect(live).toEqual(t1Live);
      // One group/all; group/members only for groups that came without members; one search per filter kind.
      expect(emulator.stats().routes).toEqual({
        [GROUP_ALL]: 1,
        ...(inline ? {} : { [GROUP_MEMBERS]: 3 }),
        [USER_SEARCH]: 2,
      });
    });
  });

  it('reads externalIds through SCIM only when the config declares one and the tenant has a SCIM key', async () => {
    await withEmulator({}, async (emulator) => {
      const declaring = desiredTenant('T1', { Sales: undefined }, { externalIds: { Sales: 'sales' } });
      const live = await withProvider(emulator, [declaring], (provider) => provider.loadTenant(declaring));
      expect(live.groups.map((g) => [g.name, g.externalId])).toEqual([
        ['Engineering', undefined],
        ['SSO Admins', undefined],
        ['Sales', 'sales'],
      ]);
      expect(emulator.stats().routes).toEqual({ [GROUP_ALL]: 1, 'GET /scim/v2/Groups': 1 });

      const keyless = desiredTenant('T1', { Sales: undefined }, { externalIds: { Sales: 'sales' }, scimKey: null });
      const withoutKey = await withProvider(emulator, [keyless], (provider) => provider.loadTenant(keyless));
      expect(withoutKey.groups.find((g) => g.name === 'Sales')?.externalId).toBeUndefined();
      expect(emulator.stats().routes).toEqual({ [GROUP_ALL]: 2, 'GET /scim/v2/Groups': 1 });
    });
  });

  it('loads a tenant that declares nothing with one request', async () => {
    await withEmulator({}, async (emulator) => {
      const desired = desiredTenant('T2');
      const live = await withProvider(emulator, [desired], (provider) => provider.loadTenant(desired));
      expect(live).toEqual({
        tenantId: 'T2',
        groups: [
          {
            id: 'h1',
            name: 'Beta Team',
            members: [
              { userId: 'U1', loginId: 'alice@acme.com' },
              { userId: 'U6', loginId: 'frank@beta.com' },
            ],
          },
        ],
        users: [
          { userId: 'U1', loginIds: ['alice@acme.com'], display: 'Alice' },
          { userId: 'U6', loginIds: ['frank@beta.com'], display: 'Frank' },
        ],
      });
      expect(emulator.stats().routes).toEqual({ [GROUP_ALL]: 1 });
    });
  });
});

describe('user search batching', () => {
  // BIG's group Everyone holds users 0-149 (with their login ids); the config declares users 0-399, so 250 login
  // ids are left to search. Mixed case on purpose: login ids compare case-insensitively.
  const declared = bigUsers(400).map((u, i) => (i % 2 === 0 ? u.loginId.toUpperCase() : u.loginId));
  const desired = (count = 400) => desiredTenant('BIG', { Everyone: declared.slice(0, count) });
  const expectedUsers = (count = 400) => bigUsers(count).map((u) => ({ userId: u.userId, loginIds: [u.loginId] }));

  async function loadBig(options: Parameters<typeof withEmulator>[0], count = 400): Promise<{ live: LiveTenant; searches: number; requests: number }> {
    return withEmulator(options, async (emulator) => {
      const live = await withProvider(emulator, [desired(count)], (provider) => provider.loadTenant(desired(count)));
      const routes = emulator.stats().routes;
      expect(routes[GROUP_ALL]).toBe(1);
      return { live, searches: routes[USER_SEARCH] ?? 0, requests: emulator.stats().requests };
    });
  }

  it('loads a tenant whose declared users are all live members with exactly one request', async () => {
    const { live, requests } = await loadBig({}, 150);
    expect(live.users).toEqual(expectedUsers(150));
    expect(live.groups[0]?.members).toHaveLength(150);
    expect(requests).toBe(1);
  });

  it('searches only the 250 login ids no live member shows, in 3 searches of 100 (no maximum)', async () => {
    const { live, searches } = await loadBig({});
    expect(live.users).toEqual(expectedUsers());
    expect(live.groups[0]?.members).toHaveLength(150);
    expect(searches).toBe(3);
  });

  it('keeps paging when the server caps the limit at 40, then batches by 40 (7 searches)', async () => {
    const { live, searches } = await loadBig({ userSearchMaxLimit: 40, userSearchOverLimit: 'cap' });
    expect(live.users).toEqual(expectedUsers());
    // First batch of 100: pages of 40, 40, 20; the remaining 150 in batches of 40, 40, 40, 30.
    expect(searches).toBe(7);
  });

  it('halves the limit when the server refuses one above its maximum (2 refusals + 10 searches of 25)', async () => {
    const { live, searches } = await loadBig({ userSearchMaxLimit: 40, userSearchOverLimit: 'reject' });
    expect(live.users).toEqual(expectedUsers());
    expect(searches).toBe(12);
  });

  it('loads 100 tenants with exactly 100 group/all requests and one search page each', async () => {
    const tenants: Record<string, { scimKey: string; users: { userId: string; loginId: string }[]; groups: { id: string; display: string; members: string[] }[] }> = {};
    for (let i = 0; i < 100; i++) {
      const id = `T${String(i).padStart(3, '0')}`;
      tenants[id] = {
        scimKey: `sk-${id}`,
        users: [
          { userId: `${id}-U1`, loginId: `a@${id}.test` },
          { userId: `${id}-U2`, loginId: `b@${id}.test` },
        ],
        groups: [{ id: `${id}-g1`, display: 'Staff', members: [`${id}-U1`] }],
      };
    }
    await withEmulator({ seed: { projectId: PROJECT_ID, managementKey: MANAGEMENT_KEY, tenants } }, async (emulator) => {
      const desired = Object.keys(tenants).map((id) => desiredTenant(id, { Staff: [`a@${id}.test`, `B@${id}.test`, `nobody@${id}.test`] }));
      const live = await withProvider(emulator, desired, (provider) => Promise.all(desired.map((d) => provider.loadTenant(d))));
      expect(live.map((t) => t.users.map((u) => u.loginIds[0]))).toEqual(Object.keys(tenants).map((id) => [`a@${id}.test`, `b@${id}.test`]));
      expect(emulator.stats().routes).toEqual({ [GROUP_ALL]: 100, [USER_SEARCH]: 100 });
      expect(emulator.stats().requests).toBe(200);
    });
  });
});
