import { afterEach, describe, expect, it } from 'vitest';
import { GroupformError } from '../../../src/errors.js';
import { startScimmyServer, type LoggedRequest, type ScimmyServer } from '../../support/scimmy-server.js';
import { desiredTenant, planAgainst, range, scimProvider } from './helpers.js';
import { expectedFinalGroups, expectScenarioConverges, loginOf, scenarioDesired, scimmyGroups, scimmySeed } from './scenario.js';

// A tenant id with a space and a slash: it must arrive as one path segment.
const TENANT = 'acme corp/1';
const TOKEN = 'tok-acme';

function membershipChanges(request: LoggedRequest): number {
  const ops = (request.body as { Operations: { op: string; path: string; value?: unknown[] }[] }).Operations;
  return ops.reduce((n, op) => n + (op.path === 'members' ? (op.value?.length ?? 0) : op.path.startsWith('members[') ? 1 : 0), 0);
}

let server: ScimmyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('scim provider against scimmy (a third-party SCIM server)', () => {
  it('loads groups, members and the declared users, paging to the end', async () => {
    const users = range('u', 0, 45).map((id, i) => ({ id, userName: `user${String(i).padStart(3, '0')}@acme.test` }));
    const groups = range('g', 0, 120).map((id, i) => ({ id, displayName: `Group ${i}`, members: i === 0 ? ['u001', 'u001', 'u000'] : [] }));
    server = await startScimmyServer({ tenants: { [TENANT]: { token: TOKEN, users, groups } } });
    const tenant = desiredTenant(TENANT, { 'Group 0': { members: ['User044@Acme.Test', { userId: 'u002' }, 'nobody@acme.test'] } }, { token: TOKEN });
    const provider = scimProvider(server.baseUrl, 'rfc7644', [tenant]);
    const live = await provider.loadTenant(tenant);
    await provider.close();
    expect(live.groups).toHaveLength(120);
    expect(live.groups[0]).toEqual({
      id: 'g000',
      name: 'Group 0',
      members: [
        { userId: 'u000', loginId: 'user000@acme.test' },
        { userId: 'u001', loginId: 'user001@acme.test' },
      ],
    });
    expect(live.groups.every((g, i) => i === 0 || g.members.length === 0)).toBe(true);
    expect(live.users).toEqual([
      { userId: 'u000', loginIds: ['user000@acme.test'] },
      { userId: 'u001', loginIds: ['user001@acme.test'] },
      { userId: 'u002', loginIds: ['user002@acme.test'] },
      { userId: 'u044', loginIds: ['user044@acme.test'] },
    ]);
    // Every list carries an explicit count; the tenant id is one encoded path segment.
    const lists = server.requests.filter((r) => r.method === 'GET' && /\/(Groups|Users)\?/.test(r.url));
    expect(lists.every((r) => r.url.startsWith('/acme%20corp%2F1/scim/v2/') && /[?&]count=\d+/.test(r.url))).toBe(true);
  });

  it('plans, applies and re-plans to no changes: creates, renames, adds, >100 removals, deletes', async () => {
    server = await startScimmyServer({ tenants: { [TENANT]: scimmySeed(TOKEN) } });
    const tenant = scenarioDesired(TENANT, TOKEN);
    await expectScenarioConverges(scimProvider(server.baseUrl, 'rfc7644', [tenant]), tenant);
    // Stored as scimmy keeps them, duplicates included: none were made.
    expect(scimmyGroups(server, TENANT)).toEqual(expectedFinalGroups());

    const patches = server.requests.filter((r) => r.method === 'PATCH');
    expect(patches.length).toBeGreaterThan(0);
    for (const patch of patches) {
      expect(membershipChanges(patch)).toBeLessThanOrEqual(100);
      for (const op of (patch.body as { Operations: { op: string; path: string }[] }).Operations) {
        expect(['add', 'remove', 'replace']).toContain(op.op);
        if (op.op === 'replace') expect(['displayName', 'externalId']).toContain(op.path);
        if (op.op === 'remove') expect(op.path).toMatch(/^members\[value eq ".+"\]$/);
      }
    }
    const creates = server.requests.filter((r) => r.method === 'POST');
    expect(creates.map((r) => ((r.body as { members?: unknown[] }).members ?? []).length).sort((a, b) => a - b)).toEqual([0, 3, 100]);
    expect(server.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('writes by PUT when the server says PATCH is unsupported, and still converges', async () => {
    server = await startScimmyServer({ tenants: { [TENANT]: scimmySeed(TOKEN) }, patchSupported: false });
    const tenant = scenarioDesired(TENANT, TOKEN);
    await expectScenarioConverges(scimProvider(server.baseUrl, 'rfc7644', [tenant]), tenant);
    expect(server.requests.some((r) => r.method === 'PATCH')).toBe(false);
    expect(scimmyGroups(server, TENANT)).toEqual(expectedFinalGroups());
  });

  it('detects a server that shows members only on GET of one group, where the profile leaves it open', async () => {
    server = await startScimmyServer({ tenants: { [TENANT]: scimmySeed(TOKEN) }, membersOnList: false });
    const tenant = scenarioDesired(TENANT, TOKEN);
    const uncertain = { profileOverrides: { membersOnList: 'uncertain', membersOnGet: 'uncertain' } } as const;
    await expectScenarioConverges(scimProvider(server.baseUrl, 'rfc7644', [tenant], uncertain), tenant);
    expect(scimmyGroups(server, TENANT)).toEqual(expectedFinalGroups());
    // Members were read from GET of each group, the list showing none.
    expect(server.requests.some((r) => r.method === 'GET' && r.url.includes('/Groups/g-eng'))).toBe(true);
  });

  it('adopts a group that already exists when a create conflicts (409)', async () => {
    server = await startScimmyServer({ tenants: { [TENANT]: scimmySeed(TOKEN) } });
    const tenant = desiredTenant(TENANT, { Ops: { members: ['u001', 'u002'].map(loginOf) } }, { token: TOKEN });
    const provider = scimProvider(server.baseUrl, 'rfc7644', [tenant]);
    const { plan } = await planAgainst(provider, [tenant]);
    const racer = scimProvider(server.baseUrl, 'rfc7644', [tenant]);
    const raced = await racer.applyChange(TENANT, { action: 'create', group: 'Ops', externalId: null, membersMode: 'authoritative', add: [{ userId: 'u001' }], remove: [] });
    await racer.close();
    const change = plan.tenants[0]!.changes[0]!;
    const applied = await provider.applyChange(TENANT, change);
    await provider.close();
    expect(applied).toEqual({ groupId: raced.groupId, adopted: true });
    // u001 was there already and is not added twice (scimmy would store a duplicate).
    expect(server.groups(TENANT).find((g) => g.displayName === 'Ops')?.members.map((m) => m.value)).toEqual(['u001', 'u002']);
  });

  it('says a refused token is invalid or expired, without the token', async () => {
    server = await startScimmyServer({ tenants: { [TENANT]: scimmySeed(TOKEN) } });
    const tenant = desiredTenant(TENANT, {}, { token: 'tok-wrong-secret' });
    const provider = scimProvider(server.baseUrl, 'rfc7644', [tenant]);
    const error = await provider.loadTenant(tenant).catch((e: unknown) => e);
    await provider.close();
    expect(error).toBeInstanceOf(GroupformError);
    expect((error as GroupformError).code).toBe('SCIM_TOKEN_REJECTED');
    expect((error as Error).message).toMatch(/tenant acme corp\/1: .*invalid or expired/);
    expect((error as Error).message).not.toContain('tok-wrong-secret');
  });

  it('needs a token for every tenant', async () => {
    server = await startScimmyServer({ tenants: { [TENANT]: scimmySeed(TOKEN) } });
    const tenant = desiredTenant(TENANT, {});
    const provider = scimProvider(server.baseUrl, 'rfc7644', [tenant]);
    await expect(provider.loadTenant(tenant)).rejects.toMatchObject({ code: 'TOKEN_MISSING', message: expect.stringContaining(TENANT) });
    await provider.close();
  });
});
