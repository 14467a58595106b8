import { describe, expect, it } from 'vitest';
import { bigUsers, call, eqFilter, patchOps, withEmulator } from './helpers.js';

const T1 = { token: 'sk-t1' };
const BIG = { token: 'sk-big' };
const base = '/T1/scim/v2';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

function expectAwsError(response: { status: number; body: any }, status: number): void {
  expect(response.status).toBe(status);
  // The older body AWS's SCIM guide shows: `schema`, no `schemas`, the status as a string.
  expect(response.body).toMatchObject({ schema: [ERROR], status: String(status) });
  expect(response.body).not.toHaveProperty('schemas');
  expect(typeof response.body.detail).toBe('string');
  expect(typeof response.body.exceptionRequestId).toBe('string');
  expect(response.body.timeStamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
}

describe('generic SCIM, aws profile', () => {
  it('creates (201), PATCHes with 204 and deletes; GET and list show empty members', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      const created = await call(emulator, 'POST', `${base}/Groups`, { ...T1, body: { displayName: 'Platform', members: [{ value: 'U1' }] } });
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toBe('application/json');
      const id = created.body.id as string;
      const patched = await call(emulator, 'PATCH', `${base}/Groups/${id}`, {
        ...T1,
        body: patchOps({ op: 'add', path: 'members', value: [{ value: 'U2' }] }, { op: 'replace', path: 'displayName', value: 'Platform Team' }),
      });
      expect(patched.status).toBe(204);
      expect(patched.body).toBeUndefined();
      const got = await call(emulator, 'GET', `${base}/Groups/${id}`, T1);
      expect(got.body).toMatchObject({ id, displayName: 'Platform Team', members: [] });
      const list = await call(emulator, 'GET', `${base}/Groups`, T1);
      expect(list.body.Resources.every((g: { members: unknown[] }) => g.members.length === 0)).toBe(true);
      expect(emulator.snapshot().tenants.T1?.groups?.at(-1)).toEqual({ id, display: 'Platform Team', members: ['U1', 'U2'] });
      // Removal by a members filter is not documented: refused; the value-list form the public clients use works.
      expectAwsError(await call(emulator, 'PATCH', `${base}/Groups/${id}`, { ...T1, body: patchOps({ op: 'remove', path: 'members[value eq "U1"]' }) }), 400);
      const removed = await call(emulator, 'PATCH', `${base}/Groups/${id}`, { ...T1, body: patchOps({ op: 'remove', path: 'members', value: [{ value: 'U1' }] }) });
      expect(removed.status).toBe(204);
      expect(emulator.snapshot().tenants.T1?.groups?.at(-1)?.members).toEqual(['U2']);
      expect((await call(emulator, 'DELETE', `${base}/Groups/${id}`, T1)).status).toBe(204);
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => g.id)).toEqual(['g1', 'g2', 'g3']);
    });
  });

  it('reads membership through the documented member filters, with cursor paging', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      const pair = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'id eq "g1" and members eq "U2"' } });
      expect(pair.body.Resources.map((g: { id: string }) => g.id)).toEqual(['g1']);
      const reversed = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'members eq "U3" and id eq "g1"' } });
      expect(reversed.body.totalResults).toBe(0);
      const first = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'members.value eq "U1"', cursor: '', count: 1 } });
      expect(first.body.totalResults).toBeUndefined();
      expect(first.body.itemsPerPage).toBe(1);
      expect(first.body.Resources.map((g: { id: string }) => g.id)).toEqual(['g1']);
      expect(first.body.nextCursor).toBeUndefined();
      // Grows the result past one page: g3 gets U1 too.
      await call(emulator, 'PATCH', `${base}/Groups/g3`, { ...T1, body: patchOps({ op: 'add', path: 'members', value: [{ value: 'U1' }] }) });
      const again = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'members.value eq "U1"', cursor: '', count: 1 } });
      expect(typeof again.body.nextCursor).toBe('string');
      const next = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'members.value eq "U1"', cursor: again.body.nextCursor, count: 1 } });
      expect(next.body.Resources.map((g: { id: string }) => g.id)).toEqual(['g3']);
      expect(next.body.nextCursor).toBeUndefined();
    });
  });

  it('refuses PUT on groups, non-eq filters, undocumented filter attributes and a count above 100', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      expectAwsError(await call(emulator, 'PUT', `${base}/Groups/g1`, { ...T1, body: { displayName: 'Eng', members: [] } }), 400);
      expectAwsError(await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'displayName co "Eng"' } }), 400);
      expectAwsError(await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: 'displayName eq "Sales" or id eq "g1"' } }), 400);
      expectAwsError(await call(emulator, 'GET', `${base}/Users`, { ...T1, query: { filter: eqFilter('displayName', 'Bob') } }), 400);
      expectAwsError(await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { count: 101 } }), 400);
      expect(emulator.snapshot().tenants.T1?.groups?.[0]?.display).toBe('Engineering');
    });
  });

  it('compares displayName and userName exactly', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      const exact = await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: eqFilter('displayName', 'engineering') } });
      expect(exact.body.totalResults).toBe(0);
      const user = await call(emulator, 'GET', `${base}/Users`, { ...T1, query: { filter: eqFilter('userName', 'bob@acme.com') } });
      expect(user.body.Resources.map((u: { id: string }) => u.id)).toEqual(['U2']);
    });
  });

  it('refuses more than 100 membership changes per PATCH and more than 100 members per create', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      const users = bigUsers().map((u) => ({ value: u.userId }));
      const tooMany = await call(emulator, 'PATCH', '/BIG/scim/v2/Groups/b1', { ...BIG, body: patchOps({ op: 'add', path: 'members', value: users.slice(0, 101) }) });
      expectAwsError(tooMany, 400);
      const split = patchOps(
        { op: 'add', path: 'members', value: users.slice(120, 150) },
        { op: 'remove', path: 'members', value: users.slice(0, 71) },
      );
      expectAwsError(await call(emulator, 'PATCH', '/BIG/scim/v2/Groups/b1', { ...BIG, body: split }), 400);
      expect(emulator.snapshot().tenants.BIG?.groups?.[0]?.members).toHaveLength(120);
      const exactly100 = await call(emulator, 'PATCH', '/BIG/scim/v2/Groups/b1', { ...BIG, body: patchOps({ op: 'remove', path: 'members', value: users.slice(0, 100) }) });
      expect(exactly100.status).toBe(204);
      expect(emulator.snapshot().tenants.BIG?.groups?.[0]?.members).toHaveLength(20);
      expectAwsError(await call(emulator, 'POST', '/BIG/scim/v2/Groups', { ...BIG, body: { displayName: 'Huge', members: users.slice(0, 101) } }), 400);
      expect((await call(emulator, 'POST', '/BIG/scim/v2/Groups', { ...BIG, body: { displayName: 'Large', members: users.slice(0, 100) } })).status).toBe(201);
    });
  });

  it('refuses remove-all and replace of members, attributes other than displayName/members/externalId, and duplicates', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      expectAwsError(await call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body: patchOps({ op: 'remove', path: 'members' }) }), 400);
      expectAwsError(await call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body: patchOps({ op: 'replace', path: 'members', value: [{ value: 'U3' }] }) }), 400);
      expectAwsError(await call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body: patchOps({ op: 'replace', path: 'description', value: 'x' }) }), 400);
      expectAwsError(await call(emulator, 'POST', `${base}/Groups`, { ...T1, body: { displayName: 'Sales' } }), 409);
      expect(emulator.snapshot().tenants.T1?.groups?.[0]?.members).toEqual(['U1', 'U2']);
    });
  });

  it('answers 409 to a duplicate externalId as to a duplicate displayName, on create and on PATCH', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      expectAwsError(await call(emulator, 'POST', `${base}/Groups`, { ...T1, body: { displayName: 'Sales EMEA', externalId: 'sales' } }), 409);
      expectAwsError(await call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body: patchOps({ op: 'replace', path: 'externalId', value: 'sales' }) }), 409);
      expectAwsError(await call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body: patchOps({ op: 'replace', path: 'displayName', value: 'Sales' }) }), 409);
      const own = await call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body: patchOps({ op: 'replace', path: 'externalId', value: 'eng' }) });
      expect(own.status).toBe(204);
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => [g.display, g.externalId])).toEqual([
        ['Engineering', 'eng'],
        ['SSO Admins', undefined],
        ['Sales', 'sales'],
      ]);
    });
  });

  it('takes a PATCH operation without a path for one attribute only', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      const two = patchOps({ op: 'replace', value: { displayName: 'Eng', externalId: 'eng' } });
      expectAwsError(await call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body: two }), 400);
      expect(emulator.snapshot().tenants.T1?.groups?.[0]?.display).toBe('Engineering');
      const one = await call(emulator, 'PATCH', `${base}/Groups/g1`, { ...T1, body: patchOps({ op: 'replace', value: { displayName: 'Eng' } }) });
      expect(one.status).toBe(204);
      expect(emulator.snapshot().tenants.T1?.groups?.[0]?.display).toBe('Eng');
    });
  });

  it('without a cursor answers the first page only, its totalResults counting that page; a wrong token is a 401', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      const page = await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { startIndex: 101, count: 100 } });
      expect(page.body).toMatchObject({ totalResults: 100, startIndex: 1, itemsPerPage: 100 });
      expect(page.body.Resources[0].id).toBe('UB000');
      expectAwsError(await call(emulator, 'GET', `${base}/Groups`, { token: 'nope' }), 401);
      const config = await call(emulator, 'GET', `${base}/ServiceProviderConfig`, T1);
      expect(config.body).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { maxResults: 100 } });
    });
  });

  it('pages by cursor from `?cursor` and `?cursor=` alike', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      for (const start of ['/BIG/scim/v2/Users?cursor&count=100', '/BIG/scim/v2/Users?cursor=&count=100']) {
        const first = await call(emulator, 'GET', start, BIG);
        expect(first.body.Resources).toHaveLength(100);
        expect(first.body.totalResults).toBeUndefined();
        const rest = await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { cursor: first.body.nextCursor, count: 100 } });
        expect(rest.body.Resources).toHaveLength(50);
        expect(rest.body.nextCursor).toBeUndefined();
      }
    });
  });

  it('--start-index refuse and --cursor refuse answer 400, as other revisions may', async () => {
    await withEmulator({ profile: 'aws', startIndex: 'refuse', cursor: 'refuse' }, async (emulator) => {
      expectAwsError(await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { startIndex: 1, count: 100 } }), 400);
      expectAwsError(await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { cursor: '', count: 100 } }), 400);
      expect((await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { count: 100 } })).body.totalResults).toBe(100);
    });
  });

  it('--create-lag N: a new group answers 404 to its first N requests by id', async () => {
    await withEmulator({ profile: 'aws', consistencyLagRequests: 2 }, async (emulator) => {
      const created = await call(emulator, 'POST', `${base}/Groups`, { ...T1, body: { displayName: 'Platform' } });
      const id = created.body.id as string;
      const add = { ...T1, body: patchOps({ op: 'add', path: 'members', value: [{ value: 'U1' }] }) };
      expectAwsError(await call(emulator, 'PATCH', `${base}/Groups/${id}`, add), 404);
      expectAwsError(await call(emulator, 'GET', `${base}/Groups/${id}`, T1), 404);
      expect((await call(emulator, 'PATCH', `${base}/Groups/${id}`, add)).status).toBe(204);
      expect((await call(emulator, 'GET', '/T1/scim/v2/Groups/g1', T1)).status).toBe(200);
    });
  });

  it('filters users by group (groups.value), and answers 404 where a member filter names an unknown user or group', async () => {
    await withEmulator({ profile: 'aws' }, async (emulator) => {
      const inGroup = await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { filter: eqFilter('groups.value', 'b1'), cursor: '', count: 100 } });
      expect(inGroup.body.Resources).toHaveLength(100);
      expect(inGroup.body.nextCursor).toBeDefined();
      expectAwsError(await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { filter: eqFilter('groups.value', 'nope') } }), 404);
      expectAwsError(await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: eqFilter('members.value', 'nobody') } }), 404);
      expectAwsError(await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: `id eq "g1" and members eq "nobody"` } }), 404);
    });
  });

  it('--member-filters takes one, the other or none of the newer revision member filters', async () => {
    await withEmulator({ profile: 'aws', memberFilters: 'members.value' }, async (emulator) => {
      expectAwsError(await call(emulator, 'GET', '/BIG/scim/v2/Users', { ...BIG, query: { filter: eqFilter('groups.value', 'b1') } }), 400);
      expect((await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: eqFilter('members.value', 'U1') } })).status).toBe(200);
    });
    await withEmulator({ profile: 'aws', memberFilters: 'none' }, async (emulator) => {
      expectAwsError(await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: eqFilter('members.value', 'U1') } }), 400);
      expect((await call(emulator, 'GET', `${base}/Groups`, { ...T1, query: { filter: `id eq "g1" and members eq "U1"` } })).status).toBe(200);
    });
  });
});
