import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-aws-strict-3c8e';
const users = Array.from({ length: 130 }, (_, i) => ({ userId: `u-${i}`, loginId: `user${i}@corp.example` }));
const logins = (from: number, to: number): string => users.slice(from, to).map((u) => u.loginId).join(', ');

const seed = (): Snapshot =>
  scimSeed('tenant-a', TOKEN, users, [
    { id: 'ge', display: 'Eng', members: users.slice(0, 5).map((u) => u.userId) },
    { id: 'go', display: 'Ops', members: ['u-7', 'u-8'] },
    { id: 'gl', display: 'Legacy', members: ['u-9'] },
  ]);

// A rename with a new externalId, >100 adds, removals, a create over 100 members with an externalId, a delete.
const CONFIG = scimConfig('aws', `  tenant-a:
    unmanagedGroups: delete
    safety: {maxRemovalPercent: 100, maxGroupDeletePercent: 100}
    groups:
      Engineering:
        previously: [Eng]
        externalId: eng
        members: [${logins(0, 120)}]
      Ops:
        externalId: ops
        members: [user8@corp.example]
      Platform:
        externalId: platform
        members: [${logins(10, 115)}]
`);

const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });

describe('aws profile as strict as AWS documents (no PUT, one attribute per path-less op, unique externalId, the older error body)', () => {
  it('plans, applies and re-plans to no changes without one request refused', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { profile: 'aws' });
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 1 group created, 2 updated, 1 deleted; 220 members added, 2 removed.');
    const groups = emulator.snapshot().tenants['tenant-a']?.groups ?? [];
    expect(groups.map((g) => [g.display, g.externalId, (g.members ?? []).length])).toEqual([
      ['Engineering', 'eng', 120],
      ['Ops', 'ops', 1],
      ['Platform', 'platform', 105],
    ]);
    expect(Object.keys(emulator.stats().statuses).filter((status) => Number(status) >= 400)).toEqual([]);
    expect(Object.keys(emulator.stats().routes).filter((route) => route.startsWith('PUT'))).toEqual([]);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url))).status).toBe(0);
  });
});
