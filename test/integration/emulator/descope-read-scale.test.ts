import { describe, expect, it } from 'vitest';
import type { Snapshot, SnapshotTenant } from '../../../src/config/snapshot.js';
import { loginIdKey } from '../../../src/model/normalize.js';
import { call, patchOps, withEmulator } from './helpers.js';

// The management reads answer from an index (src/emulator/user-index.ts) rather than a scan; these check the
// answers against a scan of the seed itself, on a tenant big enough that an index bug would show.
const MGMT = 'P2scale:mk-scale';
const USERS_A = 5000;

interface SeedUser {
  userId: string;
  loginId?: string;
  loginIds?: string[];
  display?: string;
}

function userA(i: number): SeedUser {
  const userId = `UA${i}`;
  if (i === 7) return { userId, loginId: 'jos\u00e9@a.test', display: 'José' };
  return i % 500 === 0 ? { userId, loginIds: [`user${i}@a.test`, `alias${i}@a.test`] } : { userId, loginId: `user${i}@a.test`, display: `A ${i}` };
}

/** A: 5,000 users. B: its own users interleaved with A's odd users in reverse, so B's seed order is not project order. */
function scaleSeed(): Snapshot {
  const a = Array.from({ length: USERS_A }, (_, i) => userA(i));
  const b: SeedUser[] = [];
  for (let i = USERS_A - 1, j = 0; i > 0; i -= 2, j++) {
    // B's copy of a shared user carries another login id: searches answer with the project (first) copy.
    b.push({ userId: `UA${i}`, loginId: `b-copy${i}@b.test` });
    if (j % 2 === 0) b.push({ userId: `UB${j}`, loginId: `member${j}@b.test`, display: `B ${j}` });
  }
  const groups: SnapshotTenant['groups'] = Array.from({ length: 300 }, (_, g) => ({
    id: `ga${g}`,
    display: `Group ${g}`,
    members: [
      ...Array.from({ length: 50 }, (_, k) => `UA${(g * 131 + k * 17) % USERS_A}`),
      ...(g % 10 === 0 ? ['UB0', 'U-unknown'] : []),
    ],
    ...(g % 7 === 0 ? { source: 'jit' } : {}),
  }));
  return {
    projectId: 'P2scale',
    managementKey: 'mk-scale',
    tenants: { A: { scimKey: 'sk-a', users: a, groups }, B: { scimKey: 'sk-b', users: b, groups: [] } },
  };
}

interface OracleUser {
  userId: string;
  loginIds: string[];
  display: string;
  tenants: Set<string>;
}

/** Project order: the first tenant that lists a user defines it. */
function projectUsers(seed: Snapshot): OracleUser[] {
  const users = new Map<string, OracleUser>();
  for (const [tenantId, tenant] of Object.entries(seed.tenants)) {
    for (const u of (tenant.users ?? []) as SeedUser[]) {
      const known = users.get(u.userId);
      if (known !== undefined) known.tenants.add(tenantId);
      else users.set(u.userId, { userId: u.userId, loginIds: u.loginIds ?? (u.loginId === undefined ? [] : [u.loginId]), display: u.display ?? '', tenants: new Set([tenantId]) });
    }
  }
  return [...users.values()];
}

function scan(users: readonly OracleUser[], body: { tenantIds?: string[]; loginIds?: string[]; userIds?: string[] }): string[] {
  const keys = new Set((body.loginIds ?? []).map(loginIdKey));
  return users
    .filter((u) => body.tenantIds === undefined || body.tenantIds.some((t) => u.tenants.has(t)))
    .filter((u) => body.loginIds === undefined || u.loginIds.some((l) => keys.has(loginIdKey(l))))
    .filter((u) => body.userIds === undefined || body.userIds.includes(u.userId))
    .map((u) => u.userId);
}

const requestedLoginIds = [
  ...Array.from({ length: 90 }, (_, k) => `user${(k * 211) % USERS_A}@a.test`),
  'USER4999@A.TEST',
  'alias500@a.test',
  'Alias1000@A.test',
  'JOSE\u0301@A.TEST',
  'member0@b.test',
  'member4@b.test',
  'b-copy4999@b.test',
  'nobody@a.test',
  'user4999@a.test',
  'user3@a.test',
].reverse();

describe('Descope management reads over a 5,000-user tenant', () => {
  it('user/search answers exactly the users a scan finds, in project order, with the same total and pages', async () => {
    const seed = scaleSeed();
    const oracle = projectUsers(seed);
    await withEmulator({ seed }, async (emulator) => {
      const search = async (body: Record<string, unknown>) => {
        const response = await call(emulator, 'POST', '/v2/mgmt/user/search', { token: MGMT, body });
        expect(response.status).toBe(200);
        return { ids: (response.body.users as { userId: string }[]).map((u) => u.userId), total: response.body.total as number };
      };
      const cases: { body: { tenantIds?: string[]; loginIds?: string[]; userIds?: string[] }; page: number; limit: number }[] = [
        { body: { tenantIds: ['A'], loginIds: requestedLoginIds }, page: 0, limit: 100 },
        { body: { tenantIds: ['B'], loginIds: requestedLoginIds }, page: 0, limit: 100 },
        { body: { loginIds: requestedLoginIds }, page: 0, limit: 40 },
        { body: { loginIds: requestedLoginIds }, page: 2, limit: 40 },
        { body: { tenantIds: ['B'] }, page: 7, limit: 100 },
        { body: { tenantIds: ['B', 'A'] }, page: 49, limit: 100 },
        { body: { tenantIds: ['A', 'B'] }, page: 50, limit: 100 },
        { body: { userIds: ['UB4', 'UA10', 'UA10', 'UA4999', 'U-none', 'UB0', 'UA3'] }, page: 0, limit: 100 },
        { body: { tenantIds: ['B'], userIds: ['UA10', 'UA11', 'UB2', 'UB4'] }, page: 0, limit: 100 },
        { body: { tenantIds: ['B'], loginIds: requestedLoginIds, userIds: ['UA4999', 'UB0', 'UA3'] }, page: 0, limit: 100 },
        { body: { loginIds: ['b-copy4997@b.test', 'JOSE\u0301@A.TEST'] }, page: 0, limit: 100 },
      ];
      for (const { body, page, limit } of cases) {
        const expected = scan(oracle, body);
        const answer = await search({ ...body, page, limit });
        expect({ body, ...answer }).toEqual({ body, ids: expected.slice(page * limit, page * limit + limit), total: expected.length });
      }
      // Spot checks that the oracle itself sees the hard cases.
      const inB = scan(oracle, { tenantIds: ['B'], loginIds: requestedLoginIds });
      expect([inB[0], ...inB.slice(-3)]).toEqual(['UA3', 'UA4999', 'UB0', 'UB4']);
      expect(scan(oracle, { loginIds: ['b-copy4997@b.test'] })).toEqual([]);
      expect(scan(oracle, { tenantIds: ['B'] })).toHaveLength(3750);
      const byAlias = await call(emulator, 'GET', '/v1/mgmt/user', { token: MGMT, query: { loginId: 'ALIAS500@a.test' } });
      expect(byAlias.body.user.userId).toBe('UA500');
      const composed = await call(emulator, 'GET', '/v1/mgmt/user', { token: MGMT, query: { loginId: 'jose\u0301@a.test' } });
      expect(composed.body.user.userId).toBe('UA7');
    });
  });

  it('group/all serialises every member as the seed says, in both envelopes, and shows SCIM writes', async () => {
    const seed = scaleSeed();
    const oracle = new Map(projectUsers(seed).map((u) => [u.userId, u]));
    const wire = (group: NonNullable<SnapshotTenant['groups']>[number], members = group.members ?? []) => ({
      id: group.id,
      display: group.display,
      members: members.map((userId) => {
        const user = oracle.get(userId);
        return { loginId: user?.loginIds[0] ?? '', userId, display: user?.display ?? '' };
      }),
      ...(group.source === undefined ? {} : { source: group.source }),
    });
    const groups = seed.tenants.A!.groups!;
    for (const descopeEnvelope of ['array', 'object'] as const) {
      await withEmulator({ seed, descopeEnvelope }, async (emulator) => {
        const all = await call(emulator, 'POST', '/v1/mgmt/group/all', { token: MGMT, body: { tenantId: 'A' } });
        const expected = groups.map((g) => wire(g));
        expect(all.body).toEqual(descopeEnvelope === 'object' ? { groups: expected } : expected);
      });
    }
    await withEmulator({ seed }, async (emulator) => {
      const patched = await call(emulator, 'PATCH', '/A/scim/v2/Groups/ga1', {
        token: 'sk-a',
        body: patchOps({ op: 'add', path: 'members', value: [{ value: 'UA7' }] }, { op: 'remove', path: 'members[value eq "UA131"]' }),
      });
      expect(patched.status).toBe(200);
      const all = await call(emulator, 'POST', '/v1/mgmt/group/all', { token: MGMT, body: { tenantId: 'A' } });
      const ga1 = groups[1]!;
      expect(all.body[1]).toEqual(wire(ga1, [...(ga1.members ?? []).filter((m) => m !== 'UA131'), 'UA7']));
      expect(all.body[1].members.at(-1)).toEqual({ loginId: 'jos\u00e9@a.test', userId: 'UA7', display: 'José' });
    });
  });
});
