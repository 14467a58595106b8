import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePlanJson } from '../../src/render/json.js';
import { cliPath, repoRoot, runCli } from '../support/cli.js';

const fixtures = 'test/fixtures/cli';

describe('groupform', () => {
  it('with no command prints the usage on stderr and exits 1, so an empty CI step fails', () => {
    const result = runCli([]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Usage: groupform/);
  });

  it('--help exits 0', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Usage: groupform/);
  });
});

describe('groupform validate', () => {
  // Every example directory is a config set (CI workflow examples live in examples/ci and are checked elsewhere).
  const examples = readdirSync(join(repoRoot, 'examples')).filter(
    (name) => name !== 'ci' && statSync(join(repoRoot, 'examples', name)).isDirectory(),
  );

  it.each(examples)('accepts examples/%s with an empty environment', (example) => {
    const result = runCli(['validate', join('examples', example)]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Valid: /);
  });

  it('reports every problem with file:line:column and exits 1, without a stack trace', () => {
    const result = runCli(['validate', `${fixtures}/typo.yaml`]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    const at = (code: string): string | undefined => lines.find((l) => l.includes(` ${code}:`))?.split(': ')[0];
    expect(at('UNKNOWN_KEY')).toBe(`${fixtures}/typo.yaml:10:9`);
    expect(at('GROUP_DUPLICATE')).toMatch(new RegExp(`^${fixtures}/typo.yaml:1[12]:7$`));
    expect(at('ENV_MISSING')).toMatch(new RegExp(`^${fixtures}/typo.yaml:14:\\d+$`));
    expect(at('LITERAL_SECRET')).toBe(`${fixtures}/typo.yaml:16:14`);
    expect(result.stderr).toContain('NOT_SET_ANYWHERE_42');
    expect(result.stderr).not.toContain('sk-literal-secret');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says what to pass when there is no ./groupform.yaml', () => {
    const result = runCli(['validate'], { cwd: join(repoRoot, 'test') });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/CONFIG_NOT_FOUND.*groupform\.yaml/);
  });
});

describe('groupform plan --live-state', () => {
  it('prints a JSON plan that validates against the schema, with the right counts', () => {
    const result = runCli(['plan', `${fixtures}/plan.yaml`, '--live-state', `${fixtures}/snapshot.yaml`, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const checked = validatePlanJson(JSON.parse(result.stdout));
    expect(checked.ok).toBe(true);
    const plan = JSON.parse(result.stdout);
    expect(plan.summary).toEqual({
      groupsToCreate: 1, groupsToUpdate: 1, groupsToDelete: 1, membersToAdd: 2, membersToRemove: 2, blocked: false,
    });
    expect(plan.tenants[0].changes.map((c: { action: string; group: string }) => `${c.action} ${c.group}`)).toEqual([
      'create Platform', 'update Engineering', 'delete Legacy',
    ]);
    expect(plan.tenants[0].changes[1]).toMatchObject({ groupId: 'g1', renameFrom: 'Eng' });
    expect(plan.tenants[0].unmanagedGroups).toEqual(['SSO Admins']);
  });

  it('prints the text plan with the summary line', () => {
    const result = runCli(['plan', `${fixtures}/plan.yaml`, '--live-state', `${fixtures}/snapshot.yaml`]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Plan: 1 group to create, 1 to update, 1 to delete; 2 members to add, 2 to remove.');
    expect(result.stdout).not.toContain('\x1b[');
  });

  it('--detailed-exitcode gives 2 with changes and 0 without', () => {
    const changed = runCli(['plan', `${fixtures}/plan.yaml`, '--live-state', `${fixtures}/snapshot.yaml`, '--detailed-exitcode']);
    expect(changed.status).toBe(2);
    const same = runCli(['plan', `${fixtures}/in-sync.yaml`, '--live-state', `${fixtures}/snapshot.yaml`, '--detailed-exitcode']);
    expect(same.stderr).toBe('');
    expect(same.status).toBe(0);
  });

  it('exits 3 over a safety limit, prints the planId, and --acknowledge with that id lifts it', () => {
    const args = ['plan', `${fixtures}/blocked.yaml`, '--live-state', `${fixtures}/blocked-snapshot.yaml`];
    const blocked = runCli([...args, '--format', 'json']);
    expect(blocked.status).toBe(3);
    const plan = JSON.parse(blocked.stdout);
    expect(plan.summary.blocked).toBe(true);
    expect(plan.tenants[0].blocked[0].code).toBe('MAX_REMOVALS');
    expect(blocked.stderr).toContain(`--acknowledge ${plan.planId}`);
    expect(runCli([...args, '--acknowledge', 'ffffffffffff']).status).toBe(3);
    expect(runCli([...args, '--acknowledge', plan.planId]).status).toBe(0);
  });

  it('fails with every unknown member and its position', () => {
    const result = runCli(['plan', `${fixtures}/typo-free-unknown.yaml`, '--live-state', `${fixtures}/snapshot.yaml`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/typo-free-unknown\.yaml:\d+:\d+: error UNKNOWN_MEMBER: .*nobody@acme\.com/);
    expect(result.stderr).toMatch(/typo-free-unknown\.yaml:\d+:\d+: error UNKNOWN_MEMBER: .*ghost@acme\.com/);
  });
});

describe('commands that send no request', () => {
  const reportPackages = join(repoRoot, 'test', 'support', 'report-packages.mjs');
  const packagesLoadedBy = (args: string[]): string[] => {
    const result = spawnSync(process.execPath, ['--import', reportPackages, cliPath, ...args], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' }, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const line = result.stderr.split('\n').find((l) => l.startsWith('loaded: '));
    return JSON.parse(line?.slice('loaded: '.length) ?? 'null') as string[];
  };

  it.each([
    ['validate', ['validate', `${fixtures}/plan.yaml`]],
    ['plan --live-state', ['plan', `${fixtures}/plan.yaml`, '--live-state', `${fixtures}/snapshot.yaml`]],
  ])('%s does not load the HTTP client (undici takes longer to load than a small validate)', (_name, args) => {
    const loaded = packagesLoadedBy(args);
    expect(loaded).toContain('ajv');
    expect(loaded).not.toContain('undici');
  });
});
