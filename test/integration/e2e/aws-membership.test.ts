import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { withProxy } from '../../support/proxy.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-aws-members-41aa';
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const users = Array.from({ length: 150 }, (_, i) => ({ userId: `u-${String(i).padStart(3, '0')}`, loginId: `user${i}@corp.example` }));
const ids = (from: number, to: number) => users.slice(from, to).map((u) => u.userId);
const logins = (from: number, to: number) => users.slice(from, to).map((u) => u.loginId).join(', ');

const seed = (): Snapshot =>
  scimSeed('tenant-a', TOKEN, users, [
    { id: 'g1', display: 'Team 1', members: ids(0, 120) },
    { id: 'g2', display: 'Team 2', members: ids(10, 130) },
    { id: 'g3', display: 'Team 3', members: ids(5, 10) },
  ]);

const CONFIG = scimConfig('aws', `  tenant-a:
    groups:
      Team 1:
        members: [${logins(0, 120)}]
      Team 2:
        members: [${logins(10, 130)}]
      Team 3:
        members: [${logins(5, 10)}]
`);

const GROUPS = 'GET /{tenantId}/scim/v2/Groups';
const USERS = 'GET /{tenantId}/scim/v2/Users';

describe('aws: membership is read through member filters, whichever costs fewer requests', () => {
  it('3 groups and 150 users: one groups.value request (per page) per group, not one members.value per user', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { profile: 'aws' });
    const plan = await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    const routes = emulator.stats().routes;
    // The group list only; users: two pages of the list, then Team 1 and 2 two pages each, Team 3 one.
    expect(routes[GROUPS]).toBe(1);
    expect(routes[USERS]).toBe(2 + 2 + 2 + 1);
  });

  it('where groups.value is refused (--member-filters members.value), one members.value request per user', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { profile: 'aws', memberFilters: 'members.value' });
    const plan = await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    expect(emulator.stats().routes[GROUPS]).toBe(1 + users.length);
    // Refused once in the cursor form and once in the index form; the other groups are not asked.
    expect(emulator.stats().statuses['400']).toBe(2);
  });

  it('a user gone between the list and its member filter answers 404: not a member, not a failed load', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { profile: 'aws', memberFilters: 'members.value' });
    const gone = 'u-009';
    await withProxy(
      emulator.url,
      (_line, _body, url) => {
        if (decodeURIComponent(url).includes(`members.value eq "${gone}"`)) emulator.state.tenants.get('tenant-a')?.users.delete(gone);
        return 'forward';
      },
      async (proxyUrl) => {
        const plan = await groupform(['plan', '--format', 'json'], dir, env(proxyUrl));
        expect(plan.status, plan.stderr).toBe(0);
        // Read as in no group: the groups that declare it would get it back.
        const changes = JSON.parse(plan.stdout).tenants[0].changes;
        expect(changes.map((c: { group: string; add: { userId: string }[] }) => [c.group, c.add.map((m) => m.userId)])).toEqual([
          ['Team 1', [gone]],
          ['Team 3', [gone]],
        ]);
      },
    );
    expect(emulator.stats().statuses['404']).toBe(1);
  });
});
