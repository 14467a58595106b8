import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import type { EmulatorOptions } from '../../../src/emulator/index.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-huawei-first-run-2b9e';
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const users = Array.from({ length: 10 }, (_, i) => ({ userId: `u-${i}`, loginId: `user${i}@corp.example` }));
const groups = Array.from({ length: 60 }, (_, i) => ({ id: `g${i}`, display: `Existing ${String(i).padStart(2, '0')}`, members: ['u-0'] }));

const seed = (): Snapshot => scimSeed('tenant-h', TOKEN, users, groups);

function config(tenantYaml = ''): string {
  return scimConfig('huawei', `  tenant-h:
${tenantYaml}    groups:
      Existing 55:
        members: [user0@corp.example, user1@corp.example]
      Brand new:
        members: [user2@corp.example]
`);
}

describe('huawei: more than 50 groups, totalResults counting only the page', () => {
  it.each<[string, EmulatorOptions]>([
    ['startIndex honoured: the page after the first proves the end', { totalResults: 'page' }],
    ['startIndex ignored: the declared groups are looked up by displayName', { totalResults: 'page', startIndex: 'ignore' }],
  ])('%s; an existing group past the first 50 is updated, never created', async (_name, options) => {
    const { emulator, dir } = await startScenario(seed(), config(), { profile: 'huawei', ...options });
    const plan = await groupform(['plan', '--format', 'json'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    const changes = JSON.parse(plan.stdout).tenants[0].changes;
    expect(changes.map((c: { action: string; group: string; groupId?: string }) => [c.action, c.group, c.groupId])).toEqual([
      ['create', 'Brand new', undefined],
      ['update', 'Existing 55', 'g55'],
    ]);
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    expect(emulator.snapshot().tenants['tenant-h']?.groups).toHaveLength(61);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url))).status).toBe(0);
  });
});
