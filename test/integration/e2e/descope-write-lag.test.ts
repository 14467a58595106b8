import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { CONVERGED, descopeConfig, E2E_CONFIG, e2eEnv, e2eSeed, groupform, groupsViaSdk, MANAGEMENT_KEY, PROJECT_ID, scimWrites, startScenario } from './fixtures.js';

// Descope's management API may show a SCIM write seconds later (--consistency-lag MS).

const waitingUpTo = (config: string, seconds: number) => config.replace('writeVisibilitySeconds: 0.5', `writeVisibilitySeconds: ${seconds}`);

function newTenantSeed(): Snapshot {
  return {
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    tenants: { NEW: { scimKey: 'sk-e2e-new-abcdef', users: [{ userId: 'U1', loginId: 'alice@acme.com' }], groups: [] } },
  };
}
const NEW_TENANT = descopeConfig('  NEW:\n    scimKey: ${NEW_SCIM_KEY:-}\n    groups:\n      Admins:\n        members: [alice@acme.com]\n      Readers: {}\n');

describe('descope: read-after-write lag', () => {
  it("a new tenant's correct key is confirmed although its first create shows 1 s late", async () => {
    const { emulator, dir } = await startScenario(newTenantSeed(), waitingUpTo(NEW_TENANT, 5), { consistencyLagMs: 1000 });
    const env = e2eEnv(emulator.url, { NEW_SCIM_KEY: 'sk-e2e-new-abcdef' });
    const apply = await groupform(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 2 groups created');
    // Nothing was deleted again: one create per group, and the probe's members added once it showed.
    expect(scimWrites(emulator).sort()).toEqual([['PATCH /scim/v2/Groups/{id}', 1], ['POST /scim/v2/Groups', 2]]);
    const again = await groupform(['plan', '--detailed-exitcode'], dir, env);
    expect(again.status, again.stdout + again.stderr).toBe(0);
  });

  it('a key that cannot be confirmed in time is unconfirmed, not wrong, and only its own empty probe group is taken back', async () => {
    const { emulator, dir } = await startScenario(newTenantSeed(), waitingUpTo(NEW_TENANT, 0.3), { consistencyLagMs: 3000 });
    const apply = await groupform(['apply', '--auto-approve'], dir, e2eEnv(emulator.url, { NEW_SCIM_KEY: 'sk-e2e-new-abcdef' }));
    expect(apply.status).toBe(1);
    expect(apply.stdout + apply.stderr).toContain('SCIM_KEY_UNCONFIRMED');
    expect(apply.stdout + apply.stderr).not.toContain('SCIM_KEY_WRONG_TENANT');
    expect(scimWrites(emulator).sort()).toEqual([['DELETE /scim/v2/Groups/{id}', 1], ['POST /scim/v2/Groups', 1]]);
  });

  it('plan right after apply shows no change: apply waits for its writes to show (lag 300 ms, empties omitted, 20 % faults)', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), waitingUpTo(E2E_CONFIG, 5), {
      consistencyLagMs: 300,
      omitEmpty: true,
      faultRate: 0.2,
      faults: ['429', '500', 'reset', 'reset-after'],
      faultSeed: 3,
    });
    const env = e2eEnv(emulator.url);
    let converged = false;
    for (let attempt = 0; attempt < 4 && !converged; attempt++) {
      const apply = await groupform(['apply', '--auto-approve'], dir, env);
      const plan = await groupform(['plan', '--detailed-exitcode'], dir, env);
      // Each apply that succeeded is seen at once by the plan after it.
      if (apply.status === 0) expect(plan.status, plan.stdout + plan.stderr).toBe(0);
      converged = plan.status === 0;
    }
    expect(converged).toBe(true);
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
  });
});

describe('descope: what a SCIM member value is (--scim-member-value login-id)', () => {
  it('stops the tenant with SCIM_MEMBERS_NOT_APPLIED when the ids do not land, instead of reporting success', async () => {
    const { emulator, dir } = await startScenario(newTenantSeed(), waitingUpTo(NEW_TENANT, 0.5), { scimMemberValue: 'login-id' });
    const apply = await groupform(['apply', '--auto-approve'], dir, e2eEnv(emulator.url, { NEW_SCIM_KEY: 'sk-e2e-new-abcdef' }));
    expect(apply.status).toBe(1);
    expect(apply.stdout + apply.stderr).toContain('SCIM_MEMBERS_NOT_APPLIED');
    expect(apply.stdout).not.toContain('Apply complete');
  });
});
