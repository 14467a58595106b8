import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import type { InProcessResult } from '../../support/in-process.js';
import { closedPort, serveThisTest } from '../../support/server.js';
import {
  afterThisTest, CONVERGED, descopeConfig, E2E_CONFIG, e2eEnv, e2eSeed, groupform, groupsViaSdk, MANAGEMENT_KEY, PROJECT_ID, startScenario,
} from './fixtures.js';

function changesOf(planJson: string): string[] {
  const plan = JSON.parse(planJson) as { tenants: { tenant: string; changes: { action: string; group: string; add: { userId: string }[]; remove: { userId: string }[] }[] }[] };
  return plan.tenants.flatMap((t) =>
    t.changes.map((c) => `${t.tenant} ${c.action} ${c.group} +[${c.add.map((m) => m.userId).join(',')}] -[${c.remove.map((m) => m.userId).join(',')}]`),
  );
}

describe('descope: plan and apply against the emulator over HTTP', () => {
  it('plans the exact changes, applies them (state read back through the official SDK), then plans nothing', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const env = e2eEnv(emulator.url);

    const plan = await groupform(['plan', '--format', 'json'], dir, env);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    expect(changesOf(plan.stdout)).toEqual([
      'T1 create Platform +[U1,U3] -[]',
      'T1 update Engineering +[U2,U5] -[U4]',
      'T1 delete Legacy +[] -[U2]',
      'T2 update Support +[U7] -[]',
    ]);

    const apply = await groupform(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 1 group created, 2 updated, 1 deleted; 5 members added, 2 removed.');
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
    // Renamed in place: Engineering keeps the id Eng had.
    expect(emulator.snapshot().tenants.T1?.groups?.find((g) => g.display === 'Engineering')?.id).toBe('g1');

    const again = await groupform(['plan', '--detailed-exitcode'], dir, env);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('converges with 20% of requests failing (429 / 500 / reset / answer lost after the write) and never creates a duplicate group', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG, { faultRate: 0.2, faults: ['429', '500', 'reset', 'reset-after'], faultSeed: 7 });
    const env = e2eEnv(emulator.url);
    let converged = false;
    for (let attempt = 0; attempt < 4 && !converged; attempt++) {
      await groupform(['apply', '--auto-approve'], dir, env);
      const check = await groupform(['plan', '--detailed-exitcode'], dir, env);
      converged = check.status === 0;
    }
    expect(converged).toBe(true);
    const stats = emulator.stats();
    expect(stats.faults['429'] + stats.faults['500'] + stats.faults.reset).toBeGreaterThan(0);
    expect(stats.faults['reset-after']).toBeGreaterThan(0);
    await emulator.close();
    const clean = await startEmulator({ seed: emulator.snapshot() });
    afterThisTest(() => clean.close());
    // groupsViaSdk throws on a duplicate display name.
    expect(await groupsViaSdk(clean.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(clean.url, 'T2')).toEqual(CONVERGED.T2);
  });

  it('a failed apply (one tenant with a wrong SCIM key) names the failure, does the rest, and a second apply converges', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const broken = await groupform(['apply', '--auto-approve'], dir, e2eEnv(emulator.url, { T2_SCIM_KEY: 'sk-wrong-key-000' }));
    expect(broken.status).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/T2.*Support|Support.*T2/);
    expect(broken.stdout + broken.stderr).not.toContain('sk-wrong-key-000');
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual({ Support: ['U6'] });

    const fixed = await groupform(['apply', '--auto-approve'], dir, e2eEnv(emulator.url));
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain('Apply complete: 0 groups created, 1 updated, 0 deleted; 1 member added, 0 removed.');
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, e2eEnv(emulator.url))).status).toBe(0);
  });
});

describe('descope: every failure is one clear message and exit 1, with no key printed', () => {
  function expectOneClearError(result: InProcessResult, pattern: RegExp): void {
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('this is a bug');
  }

  it('an unknown member', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG.replace('hank@globex.com', 'nobody@globex.com'));
    const result = await groupform(['plan'], dir, e2eEnv(emulator.url));
    expectOneClearError(result, /groupform\.yaml:\d+:\d+: error UNKNOWN_MEMBER: .*nobody@globex\.com/);
  });

  it('a wrong management key', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const result = await groupform(['plan'], dir, e2eEnv(emulator.url, { DESCOPE_MANAGEMENT_KEY: 'mk-wrong-secret-1' }));
    expectOneClearError(result, /management key/i);
    expect(result.stderr).not.toContain('mk-wrong-secret-1');
  });

  it('a wrong SCIM key', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const result = await groupform(['apply', '--auto-approve'], dir, e2eEnv(emulator.url, { T2_SCIM_KEY: 'sk-wrong-secret-2' }));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SCIM key/i);
    expect(result.stdout + result.stderr).not.toContain('sk-wrong-secret-2');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable host', async () => {
    const { dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const result = await groupform(['plan'], dir, e2eEnv(`http://127.0.0.1:${await closedPort()}`));
    expectOneClearError(result, /127\.0\.0\.1/);
  });

  it('a malformed response', async () => {
    const garbage = await serveThisTest((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"groups": [{"id": 1, "display":');
    });
    const { dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const result = await groupform(['plan'], dir, e2eEnv(garbage.url));
    expectOneClearError(result, /MALFORMED_RESPONSE|not valid|malformed/i);
  });

  it('plain http to a host that is not loopback is refused before any request', async () => {
    const { dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const result = await groupform(['plan'], dir, e2eEnv('http://api.example.com'));
    expectOneClearError(result, /INSECURE_URL/);
  });
});

describe('descope: requests are minimal', () => {
  it('plans 100 tenants with exactly 100 group loads plus one user search per tenant', async () => {
    const tenants: Record<string, { scimKey: string; users: { userId: string; loginId: string }[]; groups: { id: string; display: string; members: string[] }[] }> = {};
    let tenantsYaml = '';
    for (let t = 0; t < 100; t++) {
      const id = `T${String(t).padStart(3, '0')}`;
      const users = Array.from({ length: 30 }, (_, u) => ({ userId: `U${t}x${u}`, loginId: `user${u}@t${t}.test` }));
      tenants[id] = { scimKey: `sk-${id}`, users, groups: [{ id: `g${t}`, display: 'Team', members: users.slice(0, 10).map((u) => u.userId) }] };
      tenantsYaml += `  ${id}:\n    groups:\n      Team:\n        members: [${users.slice(5, 25).map((u) => u.loginId).join(', ')}]\n`;
    }
    const { emulator, dir } = await startScenario({ projectId: PROJECT_ID, managementKey: MANAGEMENT_KEY, tenants }, descopeConfig(tenantsYaml));
    const result = await groupform(['plan', '--format', 'json', '--concurrency', '8'], dir, e2eEnv(emulator.url));
    expect(result.status, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { summary: { membersToAdd: number; membersToRemove: number } };
    expect(plan.summary).toMatchObject({ membersToAdd: 1500, membersToRemove: 500 });
    expect(emulator.stats().routes).toEqual({ 'POST /v1/mgmt/group/all': 100, 'POST /v2/mgmt/user/search': 100 });
  });
});

