import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../../src/emulator/index.js';
import type { ScimProfileName } from '../../../src/model/types.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-removal-93fe';
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const users = Array.from({ length: 150 }, (_, i) => ({ userId: `u-${String(i).padStart(3, '0')}`, loginId: `user${i}@corp.example` }));
const ids = (to: number) => users.slice(0, to).map((u) => u.userId);
const logins = (to: number) => users.slice(0, to).map((u) => u.loginId).join(', ');

const seed = () =>
  scimSeed('tenant-a', TOKEN, users, [
    { id: 'g1', display: 'Team 1', members: ids(120) },
    { id: 'g2', display: 'Team 2', members: ids(50) },
  ]);

const config = (profile: ScimProfileName) =>
  scimConfig(profile, `  tenant-a:
    safety: {maxRemovalPercent: 100}
    groups:
      Team 1:
        members: [${logins(10)}]
      Team 2:
        members: [${logins(5)}]
`);

describe('member removal: the form a server refuses is asked once in the other, and the one that works is kept', () => {
  it.each<[string, ScimProfileName, EmulatorOptions, 0 | 1]>([
    ['aws takes the value list (its default form)', 'aws', {}, 0],
    ['aws that takes only members[value eq] (--member-removal filter)', 'aws', { memberRemoval: 'filter' }, 1],
    ['huawei, where value is mandatory', 'huawei', {}, 0],
    ['rfc7644 that takes only the value list (--member-removal value)', 'rfc7644', { memberRemoval: 'value' }, 1],
  ])('%s: 155 removals over 3 PATCHes converge', async (_name, profile, options, refusals) => {
    const { emulator, dir } = await startScenario(seed(), config(profile), { profile, membersOnGet: 'filled', ...options });
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    const groups = emulator.snapshot().tenants['tenant-a']?.groups ?? [];
    expect(Object.fromEntries(groups.map((g) => [g.display, g.members]))).toEqual({ 'Team 1': ids(10), 'Team 2': ids(5) });
    // Refused at most once per change in flight before the form is learned (2 here), never for the third PATCH.
    const refused = emulator.stats().statuses['400'] ?? 0;
    if (refusals === 0) expect(refused).toBe(0);
    else expect([1, 2]).toContain(refused);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url))).status).toBe(0);
  });
});
