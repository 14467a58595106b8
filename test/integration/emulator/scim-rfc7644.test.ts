import { describe, expect, it } from 'vitest';
import { call, eqFilter, patchOps, withEmulator } from './helpers.js';

const T1 = { token: 'sk-t1' };
const base = '/T1/scim/v2';

describe('generic SCIM, rfc7644 profile', () => {
  it('creates a group (201), finds it by a case-insensitive displayName filter, and reads it with members', async () => {
    await withEmulator({ profile: 'rfc7644' }, async (emulator) => {
      const created = await call(emulator, 'POST', `${base}/Groups`, {
        ...T1,
        body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Platform', externalId: 'plat', members: [{ value: 'U1' }, { value: 'U3', type: 'User' }] },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toBe('application/scim+json');
      const id = created.body.id as string;
      expect(created.headers.get('location')).toBe(`${emulator.url}${base}/Groups/${id}`);
      const found = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: eqFilter('displayName', 'PLATFORM') } });
      expect(found.body.totalResults).toBe(1);
      expect(found.body.Resources[0]).toMatchObject({
        id,
        displayName: 'Platform',
        externalId: 'plat',
        members: [
          { value: 'U1', display: 'Alice', type: 'User' },
          { value: 'U3', display: 'Carol', type: 'User' },
        ],
      });
      const got = await call(emulator, 'GET', `${base}/Groups/${id}`, { ...T1, query: { excludedAttributes: 'members' } });
      expect(got.body.members).toBeUndefined();
      expect(got.body.displayName).toBe('Platform');
      expect(emulator.snapshot().tenants.T1?.groups?.at(-1)).toEqual({ id, display: 'Platform', externalId: 'plat', members: ['U1', 'U3'] });
    });
  });

  it('pages with startIndex and count past the first page', async () => {
    await withEmulator({}, async (emulator) => {
      const first = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { startIndex: 1, count: 2 } });
      expect(first.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
      expect(first.body.Resources.map((g: { id: string }) => g.id)).toEqual(['g1', 'g2']);
      const second = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { startIndex: '3', count: '2' } });
      expect(second.body).toMatchObject({ totalResults: 3, startIndex: 3, itemsPerPage: 1 });
      expect(second.body.Resources.map((g: { id: string }) => g.id)).toEqual(['g3']);
      const users = await call(emulator, 'GET', '/BIG/scim/v2/Users', { token: 'sk-big', query: { startIndex: 101, count: 100 } });
      expect(users.body).toMatchObject({ totalResults: 150, itemsPerPage: 50 });
    });
  });

  it('PATCH adds, removes by members[value eq] and renames; answers 200 with the group; the state follows', async () => {
    await withEmulator({}, async (emulator) => {
      const patched = await call(emulator, 'PATCH', `${base}/Groups/g1`, {
        ...T1,
        body: patchOps(
          { op: 'add', path: 'members', value: [{ value: 'U3' }, { value: 'U\\4' }] },
          { op: 'remove', path: 'members[value eq "U1"]' },
          { op: 'remove', path: `members[value eq ${JSON.stringify('U\\4')}]` },
          { op: 'Replace', path: 'displayName', value: 'Eng' },
        ),
      });
      expect(patched.status).toBe(200);
      expect(patched.body.displayName).toBe('Eng');
      expect(patched.body.members.map((m: { value: string }) => m.value)).toEqual(['U2', 'U3']);
      expect(emulator.snapshot().tenants.T1?.groups?.[0]).toEqual({ id: 'g1', display: 'Eng', members: ['U2', 'U3'] });
      // Removing the last members leaves an empty list, and a later remove on it is no error.
      const emptied = await call(emulator, 'PATCH', `${base}/Groups/g3`, {
        ...T1,
        body: patchOps({ op: 'remove', path: 'members[value eq "U3"]' }, { op: 'remove', path: 'members[value eq "U3"]' }),
      });
      expect(emptied.status).toBe(200);
      expect(emptied.body.members).toEqual([]);
    });
  });

  it('PATCH accepts the forms provisioning clients send, atomically', async () => {
    await withEmulator({}, async (emulator) => {
      const patch = (body: unknown) => call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body });
      // Entra style: no path; Okta style: remove by value with extra attributes; any-case attribute paths; URN path.
      expect((await patch(patchOps({ op: 'replace', value: { displayName: 'Eng', externalId: 'eng' } }))).status).toBe(200);
      expect((await patch(patchOps({ op: 'add', path: 'members', value: [{ value: 'U3', display: 'Carol' }, { value: 'U3' }] }))).status).toBe(200);
      expect((await patch(patchOps({ op: 'remove', path: 'members', value: [{ value: 'U1', display: 'Alice', type: 'User' }] }))).status).toBe(200);
      expect((await patch(patchOps({ op: 'remove', path: 'Members[Value EQ "U2"]' }))).status).toBe(200);
      expect((await patch(patchOps({ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:Group:displayName', value: 'Engineering' }))).status).toBe(200);
      expect(emulator.snapshot().tenants.T1?.groups?.[0]).toEqual({ id: 'g1', display: 'Engineering', externalId: 'eng', members: ['U3'] });
      // One bad operation: nothing changes.
      const bad = await patch(patchOps({ op: 'add', path: 'members', value: [{ value: 'U1' }] }, { op: 'replace', path: 'meta.created', value: 'x' }));
      expect(bad).toMatchObject({ status: 400, body: { scimType: 'invalidPath' } });
      expect((await patch({ Operations: [{ op: 'add', path: 'members', value: [{ value: 'U1' }] }] })).status).toBe(400);
      expect(emulator.snapshot().tenants.T1?.groups?.[0]?.members).toEqual(['U3']);
    });
  });

  it('PUT replaces name and members; DELETE removes the group', async () => {
    await withEmulator({}, async (emulator) => {
      const put = await call(emulator, 'PUT', `${base}/Groups/g3`, { ...T1, body: { displayName: 'Sales EU', members: [{ value: 'U2' }] } });
      expect(put.status).toBe(200);
      expect(emulator.snapshot().tenants.T1?.groups?.[2]).toEqual({ id: 'g3', display: 'Sales EU', members: ['U2'] });
      expect((await call(emulator, 'DELETE', `${base}/Groups/g3`, T1)).status).toBe(204);
      expect((await call(emulator, 'GET', `${base}/Groups/g3`, T1)).status).toBe(404);
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => g.id)).toEqual(['g1', 'g2']);
    });
  });

  it('refuses a duplicate displayName (409), an unknown member (400), a bad filter (400) and a wrong token (401)', async () => {
    await withEmulator({}, async (emulator) => {
      const dup = await call(emulator, 'POST', `${base}/Groups`, { ...T1, body: { displayName: 'engineering' } });
      expect(dup).toMatchObject({ status: 409, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness' } });
      const rename = await call(emulator, 'PATCH', `${base}/Groups/g3`, { ...T1, body: patchOps({ op: 'replace', path: 'displayName', value: 'Engineering' }) });
      expect(rename.status).toBe(409);
      const unknown = await call(emulator, 'PATCH', `${base}/Groups/g3`, { ...T1, body: patchOps({ op: 'add', path: 'members', value: [{ value: 'U9' }] }) });
      expect(unknown).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
      const filter = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'displayName eq' } });
      expect(filter).toMatchObject({ status: 400, body: { scimType: 'invalidFilter' } });
      expect((await call(emulator, 'GET', `${base}/Groups`, { token: 'sk-t2' })).status).toBe(401);
      expect((await call(emulator, 'GET', '/T9/scim/v2/Groups', T1)).status).toBe(401);
    });
  });

  it('filters users by userName case-insensitively and decodes escaped filter strings', async () => {
    await withEmulator({}, async (emulator) => {
      const users = await call(emulator, 'GET', `${base}/Users`, { ...T1, query: { filter: eqFilter('userName', 'Bob@ACME.com') } });
      expect(users.body.Resources.map((u: { id: string }) => u.id)).toEqual(['U2']);
      const byId = await call(emulator, 'GET', `${base}/Users`, { ...T1, query: { filter: eqFilter('id', 'U\\4') } });
      expect(byId.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['dan@acme.com']);
      const member = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'members[value eq "U2"]' } });
      expect(member.body.Resources.map((g: { id: string }) => g.id)).toEqual(['g1']);
      const user = await call(emulator, 'GET', `${base}/Users/U1`, T1);
      expect(user.body).toMatchObject({ id: 'U1', userName: 'alice@acme.com', displayName: 'Alice', active: true });
    });
  });

  it('serves a ServiceProviderConfig that advertises PATCH and filtering', async () => {
    await withEmulator({}, async (emulator) => {
      const config = await call(emulator, 'GET', `${base}/ServiceProviderConfig`, T1);
      expect(config.body).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 200 } });
    });
  });
});
