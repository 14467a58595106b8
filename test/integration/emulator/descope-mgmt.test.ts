import DescopeClient from '@descope/node-sdk';
import { describe, expect, it } from 'vitest';
import { call, withEmulator } from './helpers.js';

const MGMT = 'P2test:mk-test';

function sdk(url: string, managementKey = 'mk-test') {
  return DescopeClient({ projectId: 'P2test', managementKey, baseUrl: url });
}

const engineering = {
  id: 'g1',
  display: 'Engineering',
  members: [
    { loginId: 'alice@acme.com', userId: 'U1', display: 'Alice' },
    { loginId: 'bob@acme.com', userId: 'U2', display: 'Bob' },
  ],
};
const ssoAdmins = { id: 'g2', display: 'SSO Admins', members: [], source: 'jit' };
const sales = { id: 'g3', display: 'Sales', members: [{ loginId: 'carol@acme.com', userId: 'U3', display: 'Carol' }] };

describe('Descope management API through the official SDK', () => {
  it('loadAllGroups, loadAllGroupMembers and loadAllGroupsForMember return the seed (bare array reading)', async () => {
    await withEmulator({ descopeEnvelope: 'array' }, async (emulator) => {
      const group = sdk(emulator.url).management.group;
      const all = await group.loadAllGroups('T1');
      expect(all.ok).toBe(true);
      expect(all.data).toEqual([engineering, ssoAdmins, sales]);
      const members = await group.loadAllGroupMembers('T1', 'g1');
      expect(members.data).toEqual([engineering]);
      const forMember = await group.loadAllGroupsForMember('T1', ['U3'], ['BOB@acme.com']);
      expect(forMember.data).toEqual([engineering, sales]);
    });
  });

  it('plays the {groups} envelope reading and group/all without inline members', async () => {
    await withEmulator({ descopeEnvelope: 'object', descopeInlineMembers: false }, async (emulator) => {
      const group = sdk(emulator.url).management.group;
      const all = await group.loadAllGroups('T1');
      expect(all.data).toEqual({
        groups: [
          { id: 'g1', display: 'Engineering' },
          { id: 'g2', display: 'SSO Admins', source: 'jit' },
          { id: 'g3', display: 'Sales' },
        ],
      });
      // group/members always fills the members in.
      expect((await group.loadAllGroupMembers('T1', 'g3')).data).toEqual({ groups: [sales] });
      expect((await group.loadAllGroupsForMember('T1', ['U1'], [])).data).toEqual({ groups: [{ id: 'g1', display: 'Engineering' }] });
    });
  });

  it('a wrong management key gives the SDK an error result with a 401', async () => {
    await withEmulator({}, async (emulator) => {
      const result = await sdk(emulator.url, 'wrong').management.group.loadAllGroups('T1');
      expect(result.ok).toBe(false);
      expect(result.code).toBe(401);
      expect(result.error?.errorCode).toBe('E010001');
      const raw = await call(emulator, 'POST', '/v1/mgmt/group/all', { token: 'P2other:mk-test', body: { tenantId: 'T1' } });
      expect(raw.status).toBe(401);
      expect(Object.keys(raw.body).sort()).toEqual(['errorCode', 'errorDescription', 'errorMessage']);
    });
  });

  it('rejects unknown fields, missing arguments and unknown tenants with Descope codes', async () => {
    await withEmulator({}, async (emulator) => {
      const unknown = await call(emulator, 'POST', '/v1/mgmt/group/all', { token: MGMT, body: { tenantId: 'T1', ssoID: 'x' } });
      expect(unknown).toMatchObject({ status: 400, body: { errorCode: 'E011001' } });
      const missing = await call(emulator, 'POST', '/v1/mgmt/group/member/all', { token: MGMT, body: { tenantId: 'T1', loginIds: [], userIds: [] } });
      expect(missing).toMatchObject({ status: 400, body: { errorCode: 'E011002' } });
      const tenant = await call(emulator, 'POST', '/v1/mgmt/group/all', { token: MGMT, body: { tenantId: 'T9' } });
      expect(tenant).toMatchObject({ status: 400, body: { errorCode: 'E112202' } });
      const ssoId = await call(emulator, 'POST', '/v1/mgmt/group/all', { token: MGMT, body: { tenantId: 'T2', ssoId: 'default_ssoid' } });
      expect(ssoId.body.map((g: { id: string }) => g.id)).toEqual(['h1']);
    });
  });

  it('user/search filters by tenant, login id and user id, pages from 0 and reports the total', async () => {
    await withEmulator({}, async (emulator) => {
      const search = (body: unknown) => call(emulator, 'POST', '/v2/mgmt/user/search', { token: MGMT, body });
      const t1 = await search({ tenantIds: ['T1'], page: 0, limit: 3 });
      expect(t1.status).toBe(200);
      expect(t1.body.total).toBe(4);
      expect(t1.body.users.map((u: { userId: string }) => u.userId)).toEqual(['U1', 'U2', 'U3']);
      const page1 = await search({ tenantIds: ['T1'], page: 1, limit: 3 });
      expect(page1.body.users.map((u: { userId: string }) => u.userId)).toEqual(['U\\4']);
      const byLogin = await search({ tenantIds: ['T2'], loginIds: ['ALICE@acme.com'] });
      expect(byLogin.body).toEqual({
        total: 1,
        users: [
          {
            userId: 'U1',
            loginIds: ['alice@acme.com'],
            email: 'alice@acme.com',
            verifiedEmail: true,
            name: 'Alice',
            status: 'enabled',
            roleNames: [],
            userTenants: [
              { tenantId: 'T1', tenantName: 'T1', roleNames: [] },
              { tenantId: 'T2', tenantName: 'T2', roleNames: [] },
            ],
            test: false,
          },
        ],
      });
      const byId = await search({ userIds: ['U5', 'U2'] });
      expect(byId.body.users.map((u: { userId: string }) => u.userId)).toEqual(['U2', 'U5']);
      expect((await search({ tenantIds: ['T1'], bogus: true })).body.errorCode).toBe('E011001');
    });
  });

  it("user/search accepts every SearchUsersRequest field the SDKs send (Descope's gateway rejects unknown ones)", async () => {
    await withEmulator({}, async (emulator) => {
      const body = {
        tenantIds: ['T1'],
        loginIds: ['alice@acme.com'],
        includeSubTenants: false,
        ssoOnly: false,
        withTestUsers: false,
        userIdsToExclude: ['U9'],
        loginIdsToExclude: ['nobody@acme.com'],
        customAttributesKeyFilter: {},
        page: 0,
        limit: 10,
      };
      const found = await call(emulator, 'POST', '/v2/mgmt/user/search', { token: MGMT, body });
      expect(found.status).toBe(200);
      expect(found.body.users.map((u: { userId: string }) => u.userId)).toEqual(['U1']);
    });
  });

  it('user/search can cap or reject a limit above the configured maximum (undocumented maximum)', async () => {
    await withEmulator({ userSearchMaxLimit: 100 }, async (emulator) => {
      const capped = await call(emulator, 'POST', '/v2/mgmt/user/search', { token: MGMT, body: { tenantIds: ['BIG'], limit: 500 } });
      expect(capped.body.users).toHaveLength(100);
      expect(capped.body.total).toBe(150);
    });
    await withEmulator({ userSearchMaxLimit: 100, userSearchOverLimit: 'reject' }, async (emulator) => {
      const rejected = await call(emulator, 'POST', '/v2/mgmt/user/search', { token: MGMT, body: { tenantIds: ['BIG'], limit: 500 } });
      // The Go SDK's meaning: E011004 invalid arguments (E011002 is missing ones).
      expect(rejected).toMatchObject({ status: 400, body: { errorCode: 'E011004' } });
    });
  });

  it('loads a user by login id or user id, and says E112102 for an unknown one', async () => {
    await withEmulator({ rateLimitTier: 'pro' }, async (emulator) => {
      const client = sdk(emulator.url).management.user;
      expect((await client.load('Bob@Acme.com')).data).toMatchObject({ userId: 'U2', loginIds: ['bob@acme.com'] });
      expect((await client.loadByUserId('U3')).data).toMatchObject({ userId: 'U3', name: 'Carol' });
      const missing = await call(emulator, 'GET', '/v1/mgmt/user', { token: MGMT, query: { loginId: 'nobody@acme.com' } });
      expect(missing).toMatchObject({ status: 400, body: { errorCode: 'E112102' } });
      const license = await call(emulator, 'GET', '/v1/mgmt/license', { token: MGMT });
      expect(license.body).toEqual({ rateLimitTier: 'pro' });
    });
  });
});
