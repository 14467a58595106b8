import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { withFiles } from '../../support/in-process.js';
import { afterThisTest, CONVERGED, descopeConfig, E2E_CONFIG, e2eEnv, e2eSeed, groupform, groupsViaSdk, SCIM_KEYS, scimWrites, startScenario } from './fixtures.js';

// Descope behaviours a first run against a real project meets, each played by an emulator switch.

describe('descope first run: externalId the management API never returns', () => {
  it('a plan-only job without SCIM keys, after a successful apply, exits 0 with --detailed-exitcode', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const apply = await groupform(['apply', '--auto-approve'], dir, e2eEnv(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    const planOnly = e2eEnv(emulator.url, { T1_SCIM_KEY: '', T2_SCIM_KEY: '' });
    const plan = await groupform(['plan', '--detailed-exitcode'], dir, planOnly);
    expect(plan.status, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.stdout).not.toContain('externalId');
    expect(plan.stderr).toContain('EXTERNAL_ID_UNVERIFIED');
    expect(plan.stderr).toContain('"Platform"');
  });
});

describe('descope first run: empty values omitted (--omit-empty)', () => {
  it('null group lists, groups without a members key and {} searches are empty; plan, apply and plan converge', async () => {
    const seed = e2eSeed();
    seed.tenants.T2 = { ...seed.tenants.T2, groups: [] };
    const config = E2E_CONFIG.replace('    members: additive\n    groups:\n      Support:\n        members: [hank@globex.com]\n', '    groups:\n      Empty: {}\n      Support:\n        members: [hank@globex.com]\n');
    const { emulator, dir } = await startScenario(seed, config, { omitEmpty: true });
    const env = e2eEnv(emulator.url);
    const plan = await groupform(['plan', '--detailed-exitcode'], dir, env);
    expect(plan.status, plan.stderr).toBe(2);
    const apply = await groupform(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual({ Empty: [], Support: ['U7'] });
    const again = await groupform(['plan', '--detailed-exitcode'], dir, env);
    expect(again.status, again.stderr).toBe(0);
  });

  it('an unknown login id still ends as UNKNOWN_MEMBER', async () => {
    const config = E2E_CONFIG.replace('members: [hank@globex.com]', 'members: [nobody@globex.com]');
    const { emulator, dir } = await startScenario(e2eSeed(), config, { omitEmpty: true });
    const plan = await groupform(['plan'], dir, e2eEnv(emulator.url));
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain('UNKNOWN_MEMBER');
    expect(plan.stderr).not.toContain('LOAD_FAILED');
  });
});

describe('descope first run: DESCOPE_BASE_URL', () => {
  it.each([
    ['no baseUrl in the config', ''],
    ['`baseUrl: ${DESCOPE_BASE_URL_OVERRIDE:-}` left empty', '  baseUrl: ${DESCOPE_BASE_URL_OVERRIDE:-}\n'],
  ])('is the base URL with %s', async (_name, baseUrlLine) => {
    const config = descopeConfig('  T2:\n    scimKey: ${T2_SCIM_KEY:-}\n    groups:\n      Support:\n        members: [gina@globex.com]\n').replace(
      '  baseUrl: ${DESCOPE_BASE_URL}\n',
      baseUrlLine,
    );
    const { emulator, dir } = await startScenario(e2eSeed(), config);
    const plan = await groupform(['plan', '--detailed-exitcode'], dir, e2eEnv(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes.');
  });
});

describe('descope first run: JIT and SCIM groups of the same name (--jit-groups separate)', () => {
  it('matches the SCIM group, says why, and never asks to delete the JIT one', async () => {
    const seed = e2eSeed();
    seed.tenants.T1?.groups?.push({ id: 'g5', display: 'Eng', members: ['U2'], source: 'jit' }, { id: 'g6', display: 'Auditors', members: ['U1'], source: 'jit' });
    const { emulator, dir } = await startScenario(seed, E2E_CONFIG, { jitGroups: 'separate' });
    const env = e2eEnv(emulator.url);
    const plan = await groupform(['plan'], dir, env);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stderr).toContain('JIT_NAME_SHARED');
    expect(plan.stderr).not.toMatch(/delete all but one/);
    const apply = await groupform(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    const t1 = emulator.snapshot().tenants.T1?.groups ?? [];
    expect(t1.find((g) => g.id === 'g1')?.display).toBe('Engineering');
    expect(t1.find((g) => g.id === 'g5')).toMatchObject({ display: 'Eng', members: ['U2'], source: 'jit' });
    expect(t1.find((g) => g.id === 'g6')).toMatchObject({ display: 'Auditors', members: ['U1'], source: 'jit' });
    expect(await groupform(['plan', '--detailed-exitcode'], dir, env)).toMatchObject({ status: 0 });
  });
});

/** T1 with two SSO configurations: the default one (g1) and okta (g2, g3), each with its own SCIM key. */
function twoSsoSeed(): Snapshot {
  const seed = e2eSeed();
  seed.tenants = {
    T1: {
      scimKey: SCIM_KEYS.T1,
      scimKeys: [{ key: 'sk-e2e-t1-okta', ssoId: 'okta' }],
      users: [{ userId: 'U1', loginId: 'alice@acme.com' }, { userId: 'U2', loginId: 'bob@acme.com' }],
      groups: [
        { id: 'g1', display: 'Eng', members: ['U1'] },
        { id: 'g2', display: 'Eng', members: ['U2'], ssoId: 'okta' },
        { id: 'g3', display: 'Okta only', members: [], ssoId: 'okta' },
      ],
    },
  };
  return seed;
}

describe('descope first run: several SSO configurations in one tenant', () => {
  const tenant = (ssoId: string) => `  T1:\n    scimKey: \${T1_SCIM_KEY:-}\n${ssoId}    unmanagedGroups: delete\n    groups:\n      Eng:\n        members: [alice@acme.com, bob@acme.com]\n`;

  it('without ssoId, fails naming the configurations and what to write', async () => {
    const { emulator, dir } = await startScenario(twoSsoSeed(), descopeConfig(tenant('')));
    const plan = await groupform(['plan'], dir, e2eEnv(emulator.url));
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain('SSO_ID_REQUIRED');
    expect(plan.stderr).toContain('default_ssoid, okta');
    expect(plan.stderr).toContain('ssoId: default_ssoid');
  });

  it('import writes ssoId (the default configuration) and the imported file plans without a change', async () => {
    const { emulator, dir } = await startScenario(twoSsoSeed(), descopeConfig('').replace('tenants:\n', ''));
    const env = e2eEnv(emulator.url);
    const imported = await groupform(['import', 'groupform.yaml', '--tenant', 'T1', '--out', 'tenants/'], dir, env);
    expect(imported.status, imported.stderr).toBe(0);
    const text = await readFile(join(dir, 'tenants', 'T1.yaml'), 'utf8');
    expect(text).toContain('ssoId: default_ssoid');
    expect(text).toContain('in SSO configuration okta, not default_ssoid');
    expect((await groupform(['fmt', '--check', 'tenants/'], dir, env)).status).toBe(0);
    const plan = await groupform(['plan', '--detailed-exitcode', 'groupform.yaml', 'tenants/'], dir, env);
    expect(plan.status, plan.stdout + plan.stderr).toBe(0);
  });

  it("refuses the key of the tenant's other SSO configuration before any write", async () => {
    const { emulator, dir } = await startScenario(twoSsoSeed(), descopeConfig(tenant('    ssoId: default_ssoid\n')));
    const apply = await groupform(['apply', '--auto-approve'], dir, e2eEnv(emulator.url, { T1_SCIM_KEY: 'sk-e2e-t1-okta' }));
    expect(apply.status).toBe(1);
    expect(apply.stdout + apply.stderr).toContain('SCIM_KEY_WRONG_TENANT');
    expect(apply.stdout + apply.stderr).toContain('another SSO configuration');
    expect(scimWrites(emulator)).toEqual([]);
  });

  it('with ssoId, plans and applies within that configuration only', async () => {
    const { emulator, dir } = await startScenario(twoSsoSeed(), descopeConfig(tenant('    ssoId: default_ssoid\n')));
    const env = e2eEnv(emulator.url);
    const apply = await groupform(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    const groups = emulator.snapshot().tenants.T1?.groups ?? [];
    expect(groups.map((g) => [g.id, g.display, [...(g.members ?? [])].sort()])).toEqual([
      ['g1', 'Eng', ['U1', 'U2']],
      ['g2', 'Eng', ['U2']],
      ['g3', 'Okta only', []],
    ]);
    const again = await groupform(['plan', '--detailed-exitcode'], dir, env);
    expect(again.status, again.stderr).toBe(0);
  });
});

describe('descope first run: regions', () => {
  // Loopback cannot serve api.<region>.descope.com, so the plan names the host it would talk to: read from a
  // live-state snapshot, it carries the provider identity the config resolves to.
  const config = (projectId: string) => `version: 1
provider:
  type: descope
  projectId: ${projectId}
  managementKey: \${DESCOPE_MANAGEMENT_KEY:-}
tenants:
  T1:
    groups:
      Eng: {}
`;
  const snapshot = JSON.stringify({ tenants: { T1: { groups: [{ id: 'g1', display: 'Eng', members: [] }] } } });

  it.each([
    ['Pxyz90000000000000000000000000000', {}, 'https://api.xyz9.descope.com'],
    ['Puse10000000000000000000000000000000000', {}, 'https://api.use1.descope.com'],
    ['P2short', {}, 'https://api.descope.com'],
    ['Peuc10000000000000000000000000000', { DESCOPE_BASE_URL: 'https://descope.example.com/' }, 'https://descope.example.com'],
  ])('project %s, env %j: %s', async (projectId, env, baseUrl) => {
    const { dir, cleanup } = await withFiles({ 'groupform.yaml': config(projectId), 'live.json': snapshot });
    afterThisTest(cleanup);
    const plan = await groupform(['plan', '--live-state', 'live.json', '--format', 'json'], dir, env);
    expect(plan.status, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as { provider: { baseUrl: string } }).provider.baseUrl).toBe(baseUrl);
  });
});
