import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/model/types.js';
import { validatePlanJson } from '../../../src/render/json.js';
import { tempDir } from '../../support/in-process.js';
import { descopeConfig, e2eEnv, e2eSeed, groupform, groupsViaSdk, startScenario } from './fixtures.js';

// A pull request's config against the commit it branched from, in a repository the test makes.
const provider = descopeConfig('').replace('tenants:\n', '');
const sets = `sets:
  support: [alice@acme.com]
`;
const t1 = `tenants:
  T1:
    scimKey: \${T1_SCIM_KEY:-}
    groups:
      Eng:
        members: [{set: support}, dave@acme.com]
`;
const t2 = `tenants:
  T2:
    scimKey: \${T2_SCIM_KEY:-}
    members: additive
    groups:
      Support:
        members: [gina@globex.com, hank@globex.com]
`;

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=groupform test', '-c', 'user.email=test@groupform.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();
}

/** A repository holding the config set under groupform/ at one commit (returned), with the emulator serving its tenants. */
async function repositoryWithConfig(): Promise<{ dir: string; base: string; env: Record<string, string> }> {
  const { emulator, dir } = await startScenario(e2eSeed(), '');
  await mkdir(join(dir, 'groupform', 'tenants'), { recursive: true });
  await writeFile(join(dir, 'groupform', 'provider.yaml'), provider);
  await writeFile(join(dir, 'groupform', 'sets.yaml'), sets);
  await writeFile(join(dir, 'groupform', 'tenants', 't1.yaml'), t1);
  await writeFile(join(dir, 'groupform', 'tenants', 't2.yaml'), t2);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', 'groupform');
  git(dir, 'commit', '-q', '-m', 'config');
  return { dir, base: git(dir, 'rev-parse', 'HEAD'), env: e2eEnv(emulator.url) };
}

async function planJson(dir: string, env: Record<string, string>, ...args: string[]): Promise<Plan> {
  const result = await groupform(['plan', 'groupform/', '--format', 'json', ...args], dir, env);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Plan;
}

describe('plan --changed-since', () => {
  it('plans the tenants a shared set change reaches, lists the rest as not checked in every format, and the plan applies', async () => {
    const { dir, base, env } = await repositoryWithConfig();
    git(dir, 'checkout', '-q', '-b', 'pr');
    // The set T1 takes members from changes; T2 is only reordered and commented: the same meaning.
    await writeFile(join(dir, 'groupform', 'sets.yaml'), 'sets:\n  support: [alice@acme.com, bob@acme.com]\n');
    await writeFile(join(dir, 'groupform', 'tenants', 't2.yaml'), t2.replace('[gina@globex.com, hank@globex.com]', '[hank@globex.com, gina@globex.com] # reordered'));
    git(dir, 'commit', '-q', '-am', 'support grows');

    const plan = await planJson(dir, env, '--changed-since', 'main', '--out', 'plan.json');
    expect(plan.tenants.map((t) => t.tenant)).toEqual(['T1']);
    expect(plan.tenants[0]!.changes.map((c) => [c.action, c.group, c.add.map((m) => m.loginId), c.remove.map((m) => m.loginId)])).toEqual([
      ['update', 'Eng', ['bob@acme.com'], []],
    ]);
    expect(plan.notChecked).toEqual({ changedSince: 'main', commit: base, tenants: ['T2'] });
    expect(validatePlanJson(plan).ok).toBe(true);

    const text = await groupform(['plan', 'groupform/', '--changed-since', 'main'], dir, env);
    expect(text.stdout).toContain(`1 tenant not checked (configuration unchanged since main, ${base.slice(0, 7)}; live state not read): T2.\n`);
    expect(text.stderr).toContain(`--changed-since main (${base.slice(0, 7)}): 1 tenant of 2 changed; 1 tenant not checked`);
    const markdown = await groupform(['plan', 'groupform/', '--changed-since', 'main', '--format', 'markdown'], dir, env);
    expect(markdown.stdout).toContain(`> [!NOTE]\n> 1 tenant not checked (configuration unchanged since \`main\`, \`${base.slice(0, 7)}\`; live state not read): \`T2\`.\n`);
    const shown = await groupform(['show', 'plan.json'], dir, env);
    expect(shown.stdout).toContain('1 tenant not checked');

    const apply = await groupform(['apply', 'groupform/', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(await groupsViaSdk(env.DESCOPE_BASE_URL!, 'T1')).toMatchObject({ Eng: ['U1', 'U2', 'U4'] });
    // T2 was not planned, so its live group keeps what it had (the config would add hank).
    expect(await groupsViaSdk(env.DESCOPE_BASE_URL!, 'T2')).toEqual({ Support: ['U6'] });
  });

  it('plans no tenant after a comment, reorder and reformat, and says all were not checked', async () => {
    const { dir, env } = await repositoryWithConfig();
    await writeFile(join(dir, 'groupform', 'sets.yaml'), '# who answers tickets\nsets:\n  support:\n    - alice@acme.com\n');
    await writeFile(join(dir, 'groupform', 'tenants', 't1.yaml'), t1.replace('[{set: support}, dave@acme.com]', '[dave@acme.com, {set: support}]'));
    const plan = await planJson(dir, env, '--changed-since', 'HEAD', '--detailed-exitcode');
    expect(plan.tenants).toEqual([]);
    expect(plan.notChecked?.tenants).toEqual(['T1', 'T2']);
    const text = await groupform(['plan', 'groupform/', '--changed-since', 'HEAD'], dir, env);
    expect(text.stdout).toMatch(/^2 tenants not checked \(configuration unchanged since HEAD, [0-9a-f]{7}; live state not read\): T1, T2\.\nNo changes\./);
  });

  it('counts a tenant the ref lacks, a provider change and a config the ref could not load as changed', async () => {
    const { dir, base, env } = await repositoryWithConfig();
    git(dir, 'rm', '-q', 'groupform/tenants/t2.yaml');
    git(dir, 'commit', '-q', '-m', 'no T2 yet');
    await writeFile(join(dir, 'groupform', 'tenants', 't2.yaml'), t2);
    const added = await planJson(dir, env, '--changed-since', 'HEAD');
    expect([added.tenants.map((t) => t.tenant), added.notChecked?.tenants]).toEqual([['T2'], ['T1']]);

    // Both tenants move into one new file: compared by tenant, not by file, nothing changed.
    await writeFile(join(dir, 'groupform', 'tenants', 'all.yaml'), `${t1}${t2.replace('tenants:\n', '')}`);
    git(dir, 'rm', '-q', 'groupform/tenants/t1.yaml');
    await rm(join(dir, 'groupform', 'tenants', 't2.yaml'));
    expect((await planJson(dir, env, '--changed-since', base)).notChecked?.tenants).toEqual(['T1', 'T2']);

    // The provider is part of every tenant's meaning.
    await writeFile(join(dir, 'groupform', 'provider.yaml'), provider.replace('writeVisibilitySeconds: 0.5\n', 'writeVisibilitySeconds: 0.5\n  writeMode: put\n'));
    expect((await planJson(dir, env, '--changed-since', base)).notChecked?.tenants).toEqual([]);

    // A commit whose config does not load cannot be compared with: every tenant is planned, and stderr says why.
    const { dir: other, env: otherEnv } = await repositoryWithConfig();
    await writeFile(join(other, 'groupform', 'tenants', 't1.yaml'), `${t1}      Ops: {members: [oops\n`);
    git(other, 'commit', '-q', '-am', 'broken');
    await writeFile(join(other, 'groupform', 'tenants', 't1.yaml'), t1);
    const result = await groupform(['plan', 'groupform/', '--changed-since', 'HEAD', '--format', 'json'], other, otherEnv);
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as Plan).notChecked?.tenants).toEqual([]);
    expect(result.stderr).toMatch(/--changed-since: the configuration did not load \(YAML_SYNTAX: .*\) at HEAD \([0-9a-f]{7}\); planning every tenant/);
  });

  it('refuses an unknown ref and a directory outside git, with their codes', async () => {
    const { dir, env } = await repositoryWithConfig();
    const unknown = await groupform(['plan', 'groupform/', '--changed-since', 'origin/nope'], dir, env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('error GIT_REF_UNKNOWN: --changed-since origin/nope: no such commit');
    expect(unknown.stderr).not.toContain('    at ');

    const outside = await tempDir();
    await writeFile(join(outside, 'groupform.yaml'), `${provider}tenants:\n  T1: {groups: {}}\n`);
    const notRepo = await groupform(['plan', '--changed-since', 'main'], outside, env);
    expect(notRepo.status).toBe(1);
    expect(notRepo.stderr).toContain('error NOT_A_GIT_REPO: --changed-since compares with git history');
  });
});
