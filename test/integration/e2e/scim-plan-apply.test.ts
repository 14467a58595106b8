import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import type { ScimProfileName } from '../../../src/model/types.js';
import { groupform, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-e2e-5f3a';
const users = Array.from({ length: 130 }, (_, i) => ({ userId: `u-${i}`, loginId: `user${i}@corp.example` }));

function seed(): Snapshot {
  return {
    tenants: {
      'tenant-a': {
        scimKey: TOKEN,
        users,
        groups: [
          { id: 'ga', display: 'Admins', members: users.slice(0, 120).map((u) => u.userId) },
          { id: 'gb', display: 'old readers', members: ['u-1'] },
          { id: 'gc', display: 'Legacy', members: ['u-2'] },
        ],
      },
    },
  };
}

function config(mode: 'authoritative' | 'additive'): string {
  return `version: 1
provider:
  type: scim
  baseUrl: \${SCIM_BASE_URL}/{tenantId}/scim/v2
  profile: \${SCIM_PROFILE}
  token: \${SCIM_TOKEN}
defaults:
  members: ${mode}
  unmanagedGroups: delete
  safety: {maxRemovalPercent: 100, maxGroupDeletePercent: 100}
tenants:
  tenant-a:
    groups:
      Admins:
        members: [user0@corp.example, user125@corp.example]
      Readers:
        previously: [old readers]
        members: [User1@Corp.example, user3@corp.example]
      Platform:
        members: [${users.slice(0, 110).map((u) => u.loginId).join(', ')}]
`;
}

describe.each<ScimProfileName>(['aws', 'huawei'])('scim %s: plan, apply and plan again through the CLI', (profile) => {
  const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_PROFILE: profile, SCIM_TOKEN: TOKEN });

  it('converges within every documented limit (the emulator refuses any request that breaks one)', async () => {
    const { emulator, dir } = await startScenario(seed(), config('authoritative'), { profile, membersOnGet: 'filled' });
    const plan = await groupform(['plan', '--format', 'json'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).summary).toEqual({
      groupsToCreate: 1, groupsToUpdate: 2, groupsToDelete: 1, membersToAdd: 112, membersToRemove: 119 + 1, blocked: false,
    });
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    const groups = emulator.snapshot().tenants['tenant-a']?.groups ?? [];
    expect(Object.fromEntries(groups.map((g) => [g.display, (g.members ?? []).length]))).toEqual({ Admins: 2, Platform: 110, Readers: 2 });
    expect(groups.find((g) => g.display === 'Readers')?.id).toBe('gb');
    const failures = Object.entries(emulator.stats().statuses).filter(([status]) => Number(status) >= 400);
    expect(failures).toEqual([]);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url))).status).toBe(0);
  });

  it('where group members cannot be read, authoritative is a clear error and additive works', async () => {
    if (profile === 'huawei') {
      // AWS reads membership through its member filter instead; Huawei documents none.
      const { emulator, dir } = await startScenario(seed(), config('authoritative'), { profile, membersOnGet: 'empty' });
      const refused = await groupform(['plan'], dir, env(emulator.url));
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/MEMBERS_UNREADABLE/);
      expect(refused.stderr).toMatch(/additive/);
    }
    const additive = await startScenario(seed(), config('additive'), { profile, membersOnGet: 'empty' });
    const apply = await groupform(['apply', '--auto-approve'], additive.dir, env(additive.emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    const admins = additive.emulator.snapshot().tenants['tenant-a']?.groups?.find((g) => g.display === 'Admins');
    // Additive: the declared member was added, none of the 120 live ones removed.
    expect(admins?.members).toHaveLength(121);
  });
});

describe('--debug', () => {
  it('logs every request on stderr with the credentials redacted', async () => {
    const { emulator, dir } = await startScenario(seed(), config('authoritative'), { profile: 'rfc7644' });
    const result = await groupform(['plan', '--debug'], dir, { SCIM_BASE_URL: emulator.url, SCIM_PROFILE: 'rfc7644', SCIM_TOKEN: TOKEN });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/tenant-a\/scim\/v2\/Groups/);
    expect(result.stderr).not.toContain(TOKEN);
  });
});
