import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { Plan } from '../../../src/model/types.js';
import { summarizePlan } from '../../../src/plan/compute.js';
import { computePlanId } from '../../../src/plan/plan-id.js';
import { descopeConfig, e2eEnv, e2eSeed, everyoneScenario, groupform, groupsViaSdk, scimAsAnotherAdmin, scimWrites, SCIM_KEYS, startScenario } from './fixtures.js';

// A saved plan is a file anyone with write access to the pipeline's workspace may edit: apply must not
// trust what it says about safety, and must refuse changes its planId does not name (README, Safety and saved plans).

async function editPlan(dir: string, edit: (plan: Plan) => void): Promise<void> {
  const file = join(dir, 'plan.json');
  const plan = JSON.parse(await readFile(file, 'utf8')) as Plan;
  edit(plan);
  await writeFile(file, JSON.stringify(plan, null, 2));
}

describe('apply --plan with a plan blocked by a safety rule', () => {
  // 25 live memberships; the config keeps one: 24 removals, 96%.
  const { seed, keeping } = everyoneScenario();
  const config = keeping(1);

  async function plannedBlocked(): Promise<{ emulator: RunningEmulator; dir: string; env: Record<string, string>; planId: string }> {
    const { emulator, dir } = await startScenario(seed, config);
    const env = e2eEnv(emulator.url);
    const plan = await groupform(['plan', '--out', 'plan.json'], dir, env);
    expect(plan.status, plan.stderr).toBe(3);
    const planId = (JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Plan).planId;
    return { emulator, dir, env, planId };
  }

  it('stays blocked when the file says it is not, and applies only with --acknowledge of its planId', async () => {
    const { emulator, dir, env, planId } = await plannedBlocked();
    await editPlan(dir, (plan) => {
      for (const tenant of plan.tenants) tenant.blocked = [];
      plan.summary.blocked = false;
    });
    const before = emulator.snapshot();
    const refused = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(refused.status, refused.stderr).toBe(3);
    expect(refused.stderr).toContain(`--acknowledge ${planId}`);
    expect(refused.stdout).toMatch(/MAX_REMOVALS: removes 24 of 25 live memberships/);
    expect(emulator.snapshot()).toEqual(before);
    expect(scimWrites(emulator)).toEqual([]);

    const acknowledged = await groupform(['apply', '--plan', 'plan.json', '--auto-approve', '--acknowledge', planId], dir, env);
    expect(acknowledged.status, acknowledged.stderr).toBe(0);
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual({ Everyone: ['U0'] });
  });

  it('refuses changes edited under the old planId, so its acknowledgement does not carry over', async () => {
    const { emulator, dir, env, planId } = await plannedBlocked();
    await editPlan(dir, (plan) => {
      const change = plan.tenants[0]?.changes[0];
      if (change === undefined) throw new Error('the plan has no change');
      change.remove = change.remove.slice(1); // keep U1 as well: a different change
      plan.summary.membersToRemove -= 1;
    });
    const before = emulator.snapshot();
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve', '--acknowledge', planId], dir, env);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toContain('PLAN_TAMPERED');
    expect(apply.stderr).toContain(`planId ${planId} does not match its changes`);
    expect(apply.stderr).toContain('nothing was written');
    expect(emulator.snapshot()).toEqual(before);
    expect(scimWrites(emulator)).toEqual([]);
  });

  it('with the planId recomputed after the edit, changes the config does not give are refused', async () => {
    const { emulator, dir, env, planId } = await plannedBlocked();
    await editPlan(dir, (plan) => {
      const change = plan.tenants[0]?.changes[0];
      if (change === undefined) throw new Error('the plan has no change');
      change.remove = change.remove.slice(1);
      for (const tenant of plan.tenants) tenant.blocked = [];
      plan.summary = summarizePlan(plan.tenants);
      plan.planId = computePlanId(plan.tenants);
    });
    const before = emulator.snapshot();
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve', '--acknowledge', planId], dir, env);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toMatch(/PLAN_TAMPERED: .* holds changes that the configuration and the live state do not give/);
    expect(apply.stderr).toContain('T1: update "Everyone"');
    expect(emulator.snapshot()).toEqual(before);
  });
});

describe('apply --plan with a rename', () => {
  // Only a rename: no create, so nothing but the rename depends on the set of names.
  const config = descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    groups:
      Auditors: {}
      Legacy: {}
      Engineering:
        previously: [Eng]
`);

  it('applies the untampered saved plan', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), config);
    const env = e2eEnv(emulator.url);
    expect((await groupform(['plan', '--out', 'plan.json'], dir, env)).status).toBe(0);
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual({ Auditors: ['U3'], Engineering: ['U1', 'U4'], Legacy: ['U2'], 'SSO Admins': ['U3'] });
  });

  it('refuses a change written into the file with a recomputed planId, even one well under the safety limits', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), config);
    const env = e2eEnv(emulator.url);
    expect((await groupform(['plan', '--out', 'plan.json'], dir, env)).status).toBe(0);
    await editPlan(dir, (plan) => {
      const rename = plan.tenants[0]?.changes[0];
      if (rename?.action !== 'update') throw new Error('expected the rename');
      rename.remove = [{ userId: 'U1', loginId: 'alice@acme.com' }];
      plan.summary = summarizePlan(plan.tenants);
      plan.planId = computePlanId(plan.tenants);
    });
    const before = emulator.snapshot();
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toContain('PLAN_TAMPERED');
    expect(apply.stderr).toContain('T1: update "Engineering"');
    expect(emulator.snapshot()).toEqual(before);
    expect(scimWrites(emulator)).toEqual([]);
  });

  it('refuses when a group with the new name appeared after planning, naming it, and writes nothing', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), config);
    const env = e2eEnv(emulator.url);
    expect((await groupform(['plan', '--out', 'plan.json'], dir, env)).status).toBe(0);
    // Another admin creates "Engineering" through SCIM.
    await scimAsAnotherAdmin(emulator, SCIM_KEYS.T1, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering' });
    const before = emulator.snapshot();
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toContain('PLAN_STALE');
    expect(apply.stderr).toContain('the rename of "Eng" to "Engineering"; now live: "Engineering" (');
    expect(emulator.snapshot()).toEqual(before);
    expect(scimWrites(emulator)).toEqual([['POST /scim/v2/Groups', 1]]);
  });
});
