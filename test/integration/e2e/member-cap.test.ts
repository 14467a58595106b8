import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-member-cap-5b2f';
const users = Array.from({ length: 1300 }, (_, i) => ({ userId: `u-${i}`, loginId: `user${i}@corp.example` }));
const logins = (from: number, to: number): string => users.slice(from, to).map((u) => u.loginId).join(', ');
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });

// Everyone: 850 members now, 200 more declared. Big: new, 1200 members. The server takes at most 1000 per group.
const seed = (): Snapshot => scimSeed('tenant-a', TOKEN, users, [{ id: 'ge', display: 'Everyone', members: users.slice(0, 850).map((u) => u.userId) }]);
const CONFIG = scimConfig('aws', `  tenant-a:
    members: additive
    groups:
      Everyone:
        members: [${logins(0, 1050)}]
      Big:
        members: [${logins(100, 1300)}]
`);

const sizes = (snapshot: Snapshot): Record<string, number> =>
  Object.fromEntries((snapshot.tenants['tenant-a']?.groups ?? []).map((g) => [g.display, (g.members ?? []).length]));

describe('a server cap on direct members hit mid-change (emulator --max-group-members, not advertised)', () => {
  it('the apply summary counts what went through, and each failure names the server\'s reason', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { profile: 'aws', maxGroupMembers: 1000 });
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(1);
    // Big: created with 100, then 900 more in 9 PATCHes; the 10th is refused. Everyone: one PATCH of 100, then refused.
    expect(sizes(emulator.snapshot())).toEqual({ Big: 1000, Everyone: 950 });
    expect(apply.stdout).toContain('Applied: 1 group created, 1 updated, 0 deleted; 1100 members added, 0 removed.');
    const failed = apply.stdout.split('\n').filter((line) => line.startsWith('  failed: '));
    expect(failed).toHaveLength(2);
    for (const line of failed) expect(line).toContain('Group membership limit exceeded: a group can have at most 1000 direct members');
    expect(failed.find((l) => l.includes('create group "Big"'))).toMatch(/\(done before it failed, and counted above: the group created, 1000 of 1200 members added\)$/);
    expect(failed.find((l) => l.includes('update group "Everyone"'))).toMatch(/\(done before it failed, and counted above: 100 of 200 members added\)$/);
  });
});
