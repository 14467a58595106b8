import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const valid = 'test/fixtures/config/valid';
const env = { GF_TEST_MANAGEMENT_KEY: 'mk-cli-secret', GF_TEST_SCIM_KEY_A: 'sk-cli-secret' };

describe('groupform validate', () => {
  it('summarises a valid config set on stdout', () => {
    const result = runCli(['validate', valid], { env });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Valid: 2 files, 2 tenants, 4 groups, 4 members (provider descope).\n');
  });

  it('applies --tenant, --exclude-tenant and --shard', () => {
    expect(runCli(['validate', valid, '--tenant', 'T2?', '--exclude-tenant', '*b'], { env }).stdout).toContain('1 tenant,');
    expect(runCli(['validate', valid, '--shard', '2/2'], { env }).stdout).toContain('1 tenant, 2 groups, 3 members');
    const none = runCli(['validate', valid, '--tenant', 'nope*'], { env });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/^groupform: error NO_TENANT_SELECTED: no tenant selected: --tenant nope\*/);
    const badShard = runCli(['validate', valid, '--shard', '3/2'], { env });
    expect(badShard.status).toBe(1);
    expect(badShard.stderr).toContain('INVALID_SHARD');
  });

  it('lists every problem of every file as file:line:column: error CODE: message, then a count', () => {
    const result = runCli(['validate', 'test/fixtures/config/missing-var.yaml', 'test/fixtures/config/tenant-two-files'], {});
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').map((l) => l.split(': error ')[0])).toEqual([
      'test/fixtures/config/missing-var.yaml:4:14',
      'test/fixtures/config/missing-var.yaml:5:18',
      'test/fixtures/config/missing-var.yaml:10:26',
      // T1 is first declared in missing-var.yaml, which sorts before tenant-two-files/.
      'test/fixtures/config/tenant-two-files/a.yaml:2:3',
      'test/fixtures/config/tenant-two-files/b.yaml:5:3',
      'test/fixtures/config/tenant-two-files/provider.yaml:2:1',
      'groupform: the configuration has errors in 4 files (6 errors)',
      '',
    ]);
    expect(result.stderr).toContain('PROVIDER_DUPLICATE');
  });

  it('never prints a secret, given or literal', () => {
    const literal = runCli(['validate', 'test/fixtures/config/literal-secret.yaml'], {});
    expect(literal.stderr).toContain('LITERAL_SECRET');
    const all = `${literal.stdout}${literal.stderr}${runCli(['validate', valid], { env }).stdout}`;
    expect(all).not.toMatch(/mk-literal-value|sk-default-value|mk-cli-secret|sk-cli-secret/);
  });

  it('names a path that does not exist', () => {
    const result = runCli(['validate', 'no/such/dir']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('groupform: error CONFIG_NOT_FOUND: no/such/dir does not exist: pass a config file or a directory of *.yaml files\n');
  });
});

describe('groupform fmt', () => {
  const messy = 'tenants:\n  T2:\n    groups: {B: {}, A: {members: [b@x.com, a@x.com, a@x.com]}}\n  T1:\n    groups: {}\nprovider: {type: descope, projectId: P}\n';
  const tidy = 'provider: {type: descope, projectId: P}\ntenants:\n  T1:\n    groups: {}\n  T2:\n    groups: {A: {members: [a@x.com, b@x.com]}, B: {}}\n';

  it('--check prints a unified diff and exits 1, changing nothing; fmt rewrites; --check then passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'groupform-fmt-'));
    writeFileSync(join(dir, 'groupform.yaml'), messy);
    const check = runCli(['fmt', '--check'], { cwd: dir });
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('--- groupform.yaml\tcurrent\n+++ groupform.yaml\tformatted\n');
    expect(check.stdout).toContain('-provider: {type: descope, projectId: P}\n');
    expect(check.stdout).toContain('+provider: {type: descope, projectId: P}\n');
    expect(check.stderr).toBe('groupform: 1 file is not formatted; run: groupform fmt\n');
    expect(readFileSync(join(dir, 'groupform.yaml'), 'utf8')).toBe(messy);

    const write = runCli(['fmt'], { cwd: dir });
    expect(write.status).toBe(0);
    expect(write.stderr).toBe('formatted groupform.yaml\n');
    expect(readFileSync(join(dir, 'groupform.yaml'), 'utf8')).toBe(tidy);

    const again = runCli(['fmt', '--check', '.'], { cwd: dir });
    expect(again).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('reports YAML it cannot parse instead of rewriting it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'groupform-fmt-'));
    writeFileSync(join(dir, 'broken.yaml'), 'tenants: [\n');
    const result = runCli(['fmt', 'broken.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^broken\.yaml:\d+:\d+: error YAML_SYNTAX: /);
    expect(readFileSync(join(dir, 'broken.yaml'), 'utf8')).toBe('tenants: [\n');
  });
});
