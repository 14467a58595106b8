import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import type { EmulatorOptions } from '../../../src/emulator/index.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-aws-first-run-7c1d';
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const people = (count: number) => Array.from({ length: count }, (_, i) => ({ userId: `u-${String(i).padStart(3, '0')}`, loginId: `user${i}@corp.example` }));

const seed = (users: number, groups: { id: string; display: string; members: string[] }[] = []): Snapshot => scimSeed('tenant-a', TOKEN, people(users), groups);

/** Groups named after their sizes: `sizes` [120, 250] declares "Team 1" with users 0..119, "Team 2" with 0..249. */
function config(sizes: readonly number[], tenantYaml = ''): string {
  const groups = sizes.map((size, i) => `      Team ${i + 1}:\n        members: [${people(size).map((u) => u.loginId).join(', ')}]\n`).join('');
  return scimConfig('aws', `  tenant-a:\n${tenantYaml}    groups:\n${groups}`);
}

function liveSizes(emulator: { snapshot(): Snapshot }): Record<string, number> {
  const groups = emulator.snapshot().tenants['tenant-a']?.groups ?? [];
  return Object.fromEntries(groups.map((g) => [g.display, (g.members ?? []).length]));
}

describe('aws: a first real run', () => {
  it.each([
    { users: 150, sizes: [120, 120, 120] },
    { users: 250, sizes: [120, 120, 250] },
  ])('$users users, no groups, groups of $sizes: plan, apply, re-plan to exit 0 under consistency lag and 429s without Retry-After', async ({ users, sizes }) => {
    const options: EmulatorOptions = {
      profile: 'aws',
      consistencyLagRequests: 2,
      retryAfterHeader: 'none',
      faultRate: 0.02,
      faults: ['429'],
      faultSeed: 7,
    };
    const { emulator, dir } = await startScenario(seed(users), config(sizes), options);
    const plan = await groupform(['plan', '--format', 'json'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).summary).toMatchObject({ groupsToCreate: 3, membersToAdd: sizes.reduce((a, b) => a + b, 0) });
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    expect(liveSizes(emulator)).toEqual(Object.fromEntries(sizes.map((size, i) => [`Team ${i + 1}`, size])));
    const replan = await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url));
    expect(replan.status, replan.stderr).toBe(0);
    // The faults did fire: every 429 came without a header, and the run waited them out.
    expect(emulator.stats().statuses['429'] ?? 0).toBeGreaterThan(0);
    expect(emulator.stats().statuses['404'] ?? 0).toBeGreaterThan(0);
  });

  it('a PATCH right after the create answers 404 (eventual consistency): retried until the group shows, then converged', async () => {
    const { emulator, dir } = await startScenario(seed(150), config([130]), { profile: 'aws', consistencyLagRequests: 3 });
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    expect(liveSizes(emulator)).toEqual({ 'Team 1': 130 });
    expect(emulator.stats().statuses['404']).toBe(3);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url))).status).toBe(0);
  });

  it('429s without Retry-After are waited out with backoff, and the run converges', async () => {
    const { emulator, dir } = await startScenario(seed(150), config([120]), { profile: 'aws', retryAfterHeader: 'none', faultRate: 0.3, faults: ['429'], faultSeed: 3 });
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    expect(liveSizes(emulator)).toEqual({ 'Team 1': 120 });
    expect(emulator.stats().statuses['429']).toBeGreaterThan(0);
  });

  it('where the cursor form is refused (an older revision), users are looked up by userName and plan right', async () => {
    const { emulator, dir } = await startScenario(seed(150), config([120]), { profile: 'aws', cursor: 'refuse', startIndex: 'refuse' });
    const plan = await groupform(['plan', '--format', 'json'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).summary).toMatchObject({ groupsToCreate: 1, membersToAdd: 120 });
    expect(emulator.stats().routes['GET /{tenantId}/scim/v2/Users']).toBeGreaterThan(120);
  });

  it('a group past an unproven first page is found by name, never planned as a create', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ id: `g${i}`, display: `Existing ${String(i).padStart(3, '0')}`, members: [] as string[] }));
    const yaml = config([]).replace('    groups:\n', '    groups:\n      Existing 120:\n        members: [user1@corp.example]\n');
    const { emulator, dir } = await startScenario(seed(10, many), yaml, { profile: 'aws', cursor: 'ignore' });
    const plan = await groupform(['plan', '--format', 'json'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    const parsed = JSON.parse(plan.stdout);
    expect(parsed.summary).toMatchObject({ groupsToCreate: 0, groupsToUpdate: 1, membersToAdd: 1 });
    expect(parsed.tenants[0].changes[0]).toMatchObject({ action: 'update', groupId: 'g120' });
  });

  it('unmanagedGroups: delete on an unproven group list fails the plan with GROUPS_INCOMPLETE, deleting nothing', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ id: `g${i}`, display: `Existing ${String(i).padStart(3, '0')}`, members: [] as string[] }));
    const { emulator, dir } = await startScenario(seed(10, many), config([1], '    unmanagedGroups: delete\n'), { profile: 'aws', cursor: 'ignore' });
    const plan = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(plan.status).toBe(1);
    expect(plan.stderr).toMatch(/GROUPS_INCOMPLETE/);
    expect(emulator.snapshot().tenants['tenant-a']?.groups).toHaveLength(130);
  });
});
