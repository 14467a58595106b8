import { describe, expect, it } from 'vitest';
import { bigUsers, call, eqFilter, patchOps, withEmulator } from './helpers.js';

const T1 = { token: 'sk-t1' };
const BIG = { token: 'sk-big' };
const base = '/T1/scim/v2';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

function expectHuaweiError(response: { status: number; body: any }, status: number): void {
  expect(response.status).toBe(status);
  expect(response.body).toMatchObject({ schema: ERROR, schemas: [ERROR], status });
  expect(typeof response.body.detail).toBe('string');
  expect(typeof response.body.timeStamp).toBe('string');
}

describe('generic SCIM, huawei profile', () => {
  it('creates, filters by displayName, PATCHes (204) add/remove/rename and deletes; members filled by default', async () => {
    await withEmulator({ profile: 'huawei' }, async (emulator) => {
      const created = await call(emulator, 'POST', `${base}/Groups`, { ...T1, body: { displayName: 'Ops', members: [{ value: 'U1' }] } });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      // The English PatchGroup page makes `value` mandatory: a members filter without one is refused.
      const byFilter = await call(emulator, 'PATCH', `${base}/Groups/${id}`, { ...T1, body: patchOps({ op: 'remove', path: 'members[value eq "U1"]' }) });
      expect(byFilter.status).toBe(400);
      const patched = await call(emulator, 'PATCH', `${base}/Groups/${id}`, {
        ...T1,
        body: patchOps(
          { op: 'add', path: 'members', value: [{ value: 'U2' }, { value: 'U3' }] },
          { op: 'remove', path: 'members', value: [{ value: 'U1' }] },
          { op: 'replace', path: 'displayName', value: 'Operations' },
        ),
      });
      expect(patched.status).toBe(204);
      const found = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: eqFilter('displayName', 'Operations') } });
      expect(found.body.Resources).toHaveLength(1);
      expect(found.body.Resources[0].members.map((m: { value: string }) => m.value)).toEqual(['U2', 'U3']);
      expect((await call(emulator, 'DELETE', `${base}/Groups/${id}`, T1)).status).toBe(204);
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => g.id)).toEqual(['g1', 'g2', 'g3']);
    });
  });

  it('plays the other unsettled reading: members empty on GET and list', async () => {
    await withEmulator({ profile: 'huawei', membersOnGet: 'empty' }, async (emulator) => {
      expect((await call(emulator, 'GET', `${base}/Groups/g1`, T1)).body.members).toEqual([]);
      const list = await call(emulator, 'GET', `${base}/Groups`, T1);
      expect(list.body.Resources.map((g: { members: unknown[] }) => g.members.length)).toEqual([0, 0, 0]);
    });
  });

  it('has no PUT for groups: the API gateway answers 404 APIGW.0101', async () => {
    await withEmulator({ profile: 'huawei' }, async (emulator) => {
      const put = await call(emulator, 'PUT', `${base}/Groups/g1`, { ...T1, body: { displayName: 'Eng' } });
      expect(put.status).toBe(404);
      expect(put.body).toMatchObject({ error_code: 'APIGW.0101' });
      expect(emulator.snapshot().tenants.T1?.groups?.[0]?.display).toBe('Engineering');
    });
  });

  it('accepts eq on displayName or id only, and userName or id for users', async () => {
    await withEmulator({ profile: 'huawei' }, async (emulator) => {
      expectHuaweiError(await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: eqFilter('externalId', 'sales') } }), 400);
      expectHuaweiError(await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'members.value eq "U1"' } }), 400);
      expectHuaweiError(await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'displayName sw "Eng"' } }), 400);
      expectHuaweiError(await call(emulator, 'GET', `${base}/Users`, { ...T1, query: { filter: eqFilter('emails.value', 'alice@acme.com') } }), 400);
      const byId = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: eqFilter('id', 'g3') } });
      expect(byId.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['Sales']);
      const user = await call(emulator, 'GET', `${base}/Users`, { ...T1, query: { filter: eqFilter('userName', 'carol@acme.com') } });
      expect(user.body.Resources.map((u: { id: string }) => u.id)).toEqual(['U3']);
    });
  });

  it('lists at most 50; users ignore startIndex; groups page with startIndex', async () => {
    await withEmulator({ profile: 'huawei' }, async (emulator) => {
      const users = await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { count: 100 } });
      expect(users.body).toMatchObject({ totalResults: 150, itemsPerPage: 50 });
      const ignored = await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { startIndex: 51, count: 50 } });
      expect(ignored.body.startIndex).toBe(1);
      expect(ignored.body.Resources[0].id).toBe(bigUsers()[0]!.userId);
      const groups = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { startIndex: 2, count: 1 } });
      expect(groups.body.Resources.map((g: { id: string }) => g.id)).toEqual(['g2']);
    });
  });

  it('refuses more than 100 members per create or changes per PATCH, other attributes, and duplicates, in the Huawei shape', async () => {
    await withEmulator({ profile: 'huawei' }, async (emulator) => {
      const users = bigUsers().map((u) => ({ value: u.userId }));
      expectHuaweiError(await call(emulator, 'POST', '/BIG/scim/v2/Groups', { ...BIG, body: { displayName: 'Huge', members: users.slice(0, 101) } }), 400);
      expectHuaweiError(
        await call(emulator, 'PATCH', '/BIG/scim/v2/Groups/b1', { ...BIG, body: patchOps({ op: 'add', path: 'members', value: users.slice(20, 121) }) }),
        400,
      );
      expectHuaweiError(await call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body: patchOps({ op: 'add', path: 'meta', value: {} }) }), 400);
      expectHuaweiError(await call(emulator, 'POST', `${base}/Groups`, { ...T1, body: { displayName: 'Engineering' } }), 409);
      expectHuaweiError(await call(emulator, 'GET', `${base}/Groups/nope`, T1), 404);
      expectHuaweiError(await call(emulator, 'GET', `${base}/Groups`, { token: 'wrong' }), 401);
      expect(emulator.snapshot().tenants.BIG?.groups).toHaveLength(1);
    });
  });
});
