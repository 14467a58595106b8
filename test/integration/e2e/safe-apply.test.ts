import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { cliPath } from '../../support/cli.js';
import {
  descopeConfig, E2E_CONFIG, e2eEnv, e2eSeed, everyoneScenario, expectNoSecret, groupform, groupsViaSdk, MANAGEMENT_KEY, PROJECT_ID,
  scimAsAnotherAdmin, scimWrites, SCIM_KEYS, startScenario,
} from './fixtures.js';

describe('saved plans', () => {
  it('a saved plan applies cleanly and exactly', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const env = e2eEnv(emulator.url);
    const plan = await groupform(['plan', '--out', 'plan.json'], dir, env);
    expect(plan.status, plan.stderr).toBe(0);
    const saved = await readFile(join(dir, 'plan.json'), 'utf8');
    expectNoSecret(saved);
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual({
      Auditors: ['U3'], Engineering: ['U1', 'U2', 'U5'], Platform: ['U1', 'U3'], 'SSO Admins': ['U3'],
    });
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env)).status).toBe(0);
  });

  it('refuses a saved plan whose tenant changed underneath it, naming the group, and writes nothing', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const env = e2eEnv(emulator.url);
    expect((await groupform(['plan', '--out', 'plan.json'], dir, env)).status).toBe(0);
    await scimAsAnotherAdmin(emulator, SCIM_KEYS.T1, 'PATCH', '/Groups/g1', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: 'U3' }] }],
    });
    const before = emulator.snapshot();
    const writesBefore = emulator.stats().requests;
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toMatch(/PLAN_STALE/);
    expect(apply.stderr).toMatch(/"Eng"|"Engineering"/);
    expect(apply.stderr).toContain("g1");
    expect(emulator.snapshot()).toEqual(before);
    // The only write the emulator ever saw is the one made behind groupform's back.
    expect(scimWrites(emulator)).toEqual([['PATCH /scim/v2/Groups/{id}', 1]]);
    expect(emulator.stats().requests).toBeGreaterThan(writesBefore);
  });

  it('refuses a saved plan when the configuration was edited after planning', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const env = e2eEnv(emulator.url);
    expect((await groupform(['plan', '--out', 'plan.json'], dir, env)).status).toBe(0);
    await writeFile(join(dir, 'groupform.yaml'), E2E_CONFIG.replace('erin@acme.com', 'dave@acme.com'));
    const before = emulator.snapshot();
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toMatch(/PLAN_CONFIG_CHANGED/);
    expect(emulator.snapshot()).toEqual(before);
  });
});

describe('safety guard with plan-bound acknowledgement', () => {
  // 25 live memberships in one tenant; the config keeps 15 of them: 10 removals, 40%.
  const { seed, keeping: configKeeping } = everyoneScenario();

  it('exits 3 in plan and apply; --acknowledge with its planId applies it; the same id does not lift a different plan', async () => {
    const { emulator, dir } = await startScenario(seed, configKeeping(15));
    const env = e2eEnv(emulator.url);
    const plan = await groupform(['plan', '--format', 'json'], dir, env);
    expect(plan.status).toBe(3);
    const planId = (JSON.parse(plan.stdout) as { planId: string }).planId;
    expect(plan.stderr).toContain(`--acknowledge ${planId}`);
    expect(plan.stdout).toMatch(/MAX_REMOVALS/);

    const refused = await groupform(['apply', '--auto-approve'], dir, env);
    expect(refused.status).toBe(3);
    expect(emulator.snapshot().tenants.T1?.groups?.[0]?.members).toHaveLength(25);

    // A different change (11 removals): the acknowledgement of the first plan does not carry over.
    await writeFile(join(dir, 'groupform.yaml'), configKeeping(14));
    const other = await groupform(['apply', '--auto-approve', '--acknowledge', planId], dir, env);
    expect(other.status).toBe(3);
    expect(emulator.snapshot().tenants.T1?.groups?.[0]?.members).toHaveLength(25);

    await writeFile(join(dir, 'groupform.yaml'), configKeeping(15));
    const acknowledged = await groupform(['apply', '--auto-approve', '--acknowledge', planId], dir, env);
    expect(acknowledged.status, acknowledged.stderr).toBe(0);
    expect(emulator.snapshot().tenants.T1?.groups?.[0]?.members).toHaveLength(15);
  });
});

describe('an interrupted apply', () => {
  it('Ctrl-C (SIGINT) finishes what is in flight, starts nothing new, says what was and was not done, exits 1', async () => {
    const { seed, config, groupCount } = manyGroups();
    const { emulator, dir } = await startScenario(seed, config, { latencyMs: 25 });
    const child = spawn(process.execPath, [cliPath, 'apply', '--auto-approve', '--concurrency', '2'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...e2eEnv(emulator.url) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const created = (): number => emulator.state.toSnapshot().tenants.T1?.groups?.length ?? 0;
    while (created() < 10 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    expect(await exitCode).toBe(1);
    const createdAtExit = created();
    expect(createdAtExit).toBeLessThan(groupCount);
    expect(output).toMatch(/Apply interrupted: 0 changes failed, \d+ skipped:/);
    expect(output).toContain('(interrupted)');
    // Every create it started had finished and is counted: what it reports is what the server holds.
    const reported = Number(/(\d+) groups? created/.exec(output)?.[1]);
    expect(reported).toBe(createdAtExit);
  });

  it('killed with SIGKILL halfway, a re-run converges with no duplicate group', async () => {
    const { seed, config, groupCount } = manyGroups();
    // Latency makes the apply take seconds, so the kill lands in the middle of it.
    const { emulator, dir } = await startScenario(seed, config, { latencyMs: 25 });
    const env = e2eEnv(emulator.url);
    const child = spawn(process.execPath, [cliPath, 'apply', '--auto-approve', '--concurrency', '2'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const created = (): number => emulator.state.toSnapshot().tenants.T1?.groups?.length ?? 0;
    while (created() < 20) {
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const createdBeforeKill = created();
    expect(createdBeforeKill).toBeGreaterThan(0);
    expect(createdBeforeKill).toBeLessThan(groupCount);

    const rerun = await groupform(['apply', '--auto-approve', '--concurrency', '4'], dir, env);
    expect(rerun.status, rerun.stderr).toBe(0);
    const live = await groupsViaSdk(emulator.url, 'T1'); // throws on a duplicate name
    expect(Object.keys(live)).toHaveLength(groupCount);
    expect(live['Team 007']).toEqual(['U0', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7']);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env)).status).toBe(0);
  });
});

/** One tenant, 120 groups to create: with latency, an apply that lasts long enough to be interrupted. */
function manyGroups(): { seed: Snapshot; config: string; groupCount: number } {
  const groupCount = 120;
  const users = Array.from({ length: 10 }, (_, i) => ({ userId: `U${i}`, loginId: `user${i}@acme.com` }));
  const seed: Snapshot = { projectId: PROJECT_ID, managementKey: MANAGEMENT_KEY, tenants: { T1: { scimKey: SCIM_KEYS.T1, users, groups: [] } } };
  const groups = Array.from({ length: groupCount }, (_, g) => `      Team ${String(g).padStart(3, '0')}:\n        members: [${users.slice(0, 1 + (g % 10)).map((u) => u.loginId).join(', ')}]`);
  const config = descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    groups:
${groups.join('\n')}
`);
  return { seed, config, groupCount };
}
