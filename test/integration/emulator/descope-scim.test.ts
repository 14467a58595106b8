import { describe, expect, it } from 'vitest';
import { call, eqFilter, patchOps, withEmulator } from './helpers.js';

const SCIM_T1 = { token: 'P2test:sk-t1' };
const MGMT = { token: 'P2test:mk-test' };

describe('Descope SCIM under /scim/v2', () => {
  it('picks the tenant by key; writes show up in the management reads; answers as Descope\'s OpenAPI says', async () => {
    await withEmulator({}, async (emulator) => {
      const created = await call(emulator, 'POST', '/scim/v2/Groups', { ...SCIM_T1, body: { displayName: 'Platform', members: [{ value: 'U1' }] } });
      // Descope's OpenAPI: create 200; PATCH and DELETE 200 without a body.
      expect(created.status).toBe(200);
      const id = created.body.id as string;
      const patch = await call(emulator, 'PATCH', `/scim/v2/Groups/${id}`, {
        ...SCIM_T1,
        body: patchOps({ op: 'add', path: 'members', value: [{ value: 'U2' }] }, { op: 'remove', path: 'members[value eq "U1"]' }),
      });
      expect(patch).toMatchObject({ status: 200, body: undefined });
      const all = await call(emulator, 'POST', '/v1/mgmt/group/all', { ...MGMT, body: { tenantId: 'T1' } });
      expect(all.body.at(-1)).toEqual({ id, display: 'Platform', members: [{ loginId: 'bob@acme.com', userId: 'U2', display: 'Bob' }], source: 'scim' });
      const put = await call(emulator, 'PUT', `/scim/v2/Groups/${id}`, { ...SCIM_T1, body: { displayName: 'Platform', members: [{ value: 'U3' }] } });
      expect(put.status).toBe(200);
      const members = await call(emulator, 'POST', '/v1/mgmt/group/members', { ...MGMT, body: { tenantId: 'T1', groupId: id } });
      expect(members.body[0].members.map((m: { userId: string }) => m.userId)).toEqual(['U3']);
      expect(await call(emulator, 'DELETE', `/scim/v2/Groups/${id}`, SCIM_T1)).toMatchObject({ status: 200, body: undefined });
      const after = await call(emulator, 'POST', '/v1/mgmt/group/all', { ...MGMT, body: { tenantId: 'T1' } });
      expect(after.body.map((g: { id: string }) => g.id)).toEqual(['g1', 'g2', 'g3']);
      // The other tenant's key sees the other tenant only.
      const t2 = await call(emulator, 'GET', '/scim/v2/Groups', { token: 'P2test:sk-t2', query: { filter: eqFilter('displayName', 'beta team') } });
      expect(t2.body.Resources.map((g: { id: string }) => g.id)).toEqual(['h1']);
    });
  });

  it('refuses a wrong key, a management key and a wrong project id with 401', async () => {
    await withEmulator({}, async (emulator) => {
      expect((await call(emulator, 'GET', '/scim/v2/Groups', { token: 'P2test:nope' })).status).toBe(401);
      expect((await call(emulator, 'GET', '/scim/v2/Groups', MGMT)).status).toBe(401);
      expect((await call(emulator, 'GET', '/scim/v2/Groups', { token: 'P2other:sk-t1' })).status).toBe(401);
      expect((await call(emulator, 'GET', '/scim/v2/Groups', { token: 'sk-t1' })).status).toBe(401);
    });
  });

  it('plays the other readings: create answers 201, PATCH unsupported (501), 204 or the resource, DELETE 204', async () => {
    await withEmulator({ descopeScimCreateStatus: 201, descopeScimPatch: 'unsupported', descopeScimDeleteStatus: 204 }, async (emulator) => {
      const created = await call(emulator, 'POST', '/scim/v2/Groups', { ...SCIM_T1, body: { displayName: 'Ops' } });
      expect(created.status).toBe(201);
      const patch = await call(emulator, 'PATCH', `/scim/v2/Groups/${created.body.id}`, { ...SCIM_T1, body: patchOps({ op: 'replace', path: 'displayName', value: 'X' }) });
      expect(patch.status).toBe(501);
      const config = await call(emulator, 'GET', '/scim/v2/ServiceProviderConfig', SCIM_T1);
      expect(config.body.patch).toEqual({ supported: false });
      expect((await call(emulator, 'DELETE', `/scim/v2/Groups/${created.body.id}`, SCIM_T1)).status).toBe(204);
    });
    await withEmulator({ descopeScimPatch: 'resource' }, async (emulator) => {
      const patch = await call(emulator, 'PATCH', '/scim/v2/Groups/g3', { ...SCIM_T1, body: patchOps({ op: 'replace', path: 'displayName', value: 'Sales EMEA' }) });
      expect(patch).toMatchObject({ status: 200, body: { id: 'g3', displayName: 'Sales EMEA' } });
    });
    await withEmulator({ descopeScimPatch: 'no-content' }, async (emulator) => {
      const patch = await call(emulator, 'PATCH', '/scim/v2/Groups/g3', { ...SCIM_T1, body: patchOps({ op: 'replace', path: 'displayName', value: 'Sales EMEA' }) });
      expect(patch.status).toBe(204);
      expect(emulator.snapshot().tenants.T1?.groups?.[2]?.display).toBe('Sales EMEA');
    });
  });

  it('lists users of the key\'s tenant only', async () => {
    await withEmulator({}, async (emulator) => {
      const users = await call(emulator, 'GET', '/scim/v2/Users', { token: 'P2test:sk-t2' });
      expect(users.body.Resources.map((u: { id: string }) => u.id)).toEqual(['U1', 'U5']);
      expect((await call(emulator, 'GET', '/scim/v2/Users/U2', { token: 'P2test:sk-t2' })).status).toBe(404);
    });
  });
});
