import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-huawei-unverifiable-7c1d';
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const users = Array.from({ length: 4 }, (_, i) => ({ userId: `u-${i}`, loginId: `user${i}@corp.example` }));

const seed = (): Snapshot => scimSeed('tenant-h', TOKEN, users, [{ id: 'g1', display: 'Existing', members: ['u-0'] }]);

const CONFIG = scimConfig('huawei', `  tenant-h:
    members: additive
    groups:
      Existing:
        members: [user0@corp.example, user1@corp.example]
      Brand new:
        members: [user2@corp.example]
`);

const membersOf = (snapshot: Snapshot, name: string): string[] =>
  [...(snapshot.tenants['tenant-h']?.groups?.find((g) => g.display === name)?.members ?? [])].sort();

describe('huawei, group reads without members and no member filter: additive mode converges', () => {
  it('plan lists the unverifiable adds apart, apply sends them, and the next plan exits 0 under --detailed-exitcode', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { profile: 'huawei', membersOnGet: 'empty' });

    const first = await groupform(['plan', '--format', 'json', '--out', 'plan.json'], dir, env(emulator.url));
    expect(first.status, first.stderr).toBe(0);
    const tenant = JSON.parse(first.stdout).tenants[0];
    expect(tenant.changes.map((c: { action: string; group: string }) => [c.action, c.group])).toEqual([['create', 'Brand new']]);
    expect(tenant.asserted).toEqual([
      {
        group: 'Existing',
        groupId: 'g1',
        reason: expect.stringMatching(/no filter checks one/),
        members: [{ userId: 'u-0', loginId: 'user0@corp.example' }, { userId: 'u-1', loginId: 'user1@corp.example' }],
      },
    ]);
    expect(JSON.parse(first.stdout).summary).toMatchObject({ groupsToCreate: 1, groupsToUpdate: 0, membersToAdd: 1 });

    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Apply complete: 1 group created, 0 updated, 0 deleted; 1 member added, 0 removed\./);
    expect(apply.stdout).toMatch(/2 unverifiable members asserted again/);
    expect(membersOf(emulator.snapshot(), 'Existing')).toEqual(['u-0', 'u-1']);
    expect(membersOf(emulator.snapshot(), 'Brand new')).toEqual(['u-2']);

    const again = await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url));
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes. The live state matches the configuration.');
    expect(again.stdout).toMatch(/= group "Existing": 2 members asserted, unverifiable/);
    expect(again.stdout).toMatch(/= group "Brand new": 1 member asserted, unverifiable/);
    expect(again.stdout).toMatch(/= user1@corp\.example \(u-1\)/);
    expect(again.stdout).toMatch(/3 members in 2 groups asserted, unverifiable/);

    const markdown = await groupform(['plan', '--format', 'markdown', '--detailed-exitcode'], dir, env(emulator.url));
    expect(markdown.status).toBe(0);
    expect(markdown.stdout).toMatch(/^= group "Existing": 2 members asserted/m);
    expect(markdown.stdout).toContain('members +0 -0, 3 asserted');
  });

  it('a member removed behind groupform\'s back comes back on the next apply, and a saved plan re-asserts too', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { profile: 'huawei', membersOnGet: 'empty' });
    expect((await groupform(['apply', '--auto-approve'], dir, env(emulator.url))).status).toBe(0);
    // Another admin empties the group: the server still shows no members, so only a re-assertion can repair it.
    await fetch(`${emulator.url}/tenant-h/scim/v2/Groups/g1`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'remove', path: 'members', value: [{ value: 'u-0' }, { value: 'u-1' }] }],
      }),
    }).then((r) => expect(r.status).toBeLessThan(300));
    expect(membersOf(emulator.snapshot(), 'Existing')).toEqual([]);

    const saved = await groupform(['plan', '--out', 'plan.json', '--detailed-exitcode'], dir, env(emulator.url));
    expect(saved.status).toBe(0);
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    expect(membersOf(emulator.snapshot(), 'Existing')).toEqual(['u-0', 'u-1']);
  });
});
