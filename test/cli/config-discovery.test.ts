import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'groupform-discovery-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A repository root as users have one: groupform's config in groupform/, and other tools' YAML beside it.
mkdirSync(join(root, 'groupform'));
cpSync(join(repoRoot, 'test/fixtures/cli/plan.yaml'), join(root, 'groupform/groupform.yaml'));
writeFileSync(join(root, 'docker-compose.yml'), 'version: "3.9"\nservices:\n  web:\n    image: nginx\n');
writeFileSync(join(root, 'mkdocs.yml'), 'site_name: Docs\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - format: !!python/name:pymdownx.superfences.fence_code_format\n');
mkdirSync(join(root, '.github/workflows'), { recursive: true });
writeFileSync(join(root, '.github/workflows/ci.yml'), 'on: push\njobs: {}\n');

describe('config discovery at a repository root', () => {
  it('validate . skips YAML files that hold none of groupform\'s keys, with a notice each', () => {
    const result = runCli(['validate', '.'], { cwd: root, env: { NO_COLOR: '1' } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Valid: 1 file, 1 tenant');
    expect(result.stderr).toBe(
      'groupform: skipped docker-compose.yml: not a groupform file (no provider, defaults, tenants, sets or templates at its top level)\n'
      + 'groupform: skipped mkdocs.yml: not a groupform file (no provider, defaults, tenants, sets or templates at its top level)\n',
    );
  });

  it('reads a file that holds only sets or templates', () => {
    const dir = mkdtempSync(join(root, 'sets-'));
    cpSync(join(repoRoot, 'test/fixtures/cli/plan.yaml'), join(dir, 'groupform.yaml'));
    writeFileSync(join(dir, 'tenants.yaml'), 'tenants:\n  T2:\n    use: [std]\n');
    writeFileSync(join(dir, 'sets.yaml'), 'sets:\n  ops: [olga@acme.com]\n');
    writeFileSync(join(dir, 'templates.yaml'), 'templates:\n  std:\n    groups:\n      Ops: {members: [{set: ops}]}\n');
    const result = runCli(['validate', dir], { env: { NO_COLOR: '1' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('a file of ours with errors is still read and reported', () => {
    const dir = mkdtempSync(join(root, 'broken-'));
    writeFileSync(join(dir, 'tenants.yaml'), 'tenants:\n  T1:\n    groupz: {}\n');
    const result = runCli(['validate', dir], { env: { NO_COLOR: '1' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tenants.yaml:3:');
  });

  it('a file named on the command line is never skipped', () => {
    const result = runCli(['validate', 'docker-compose.yml'], { cwd: root, env: { NO_COLOR: '1' } });
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('skipped');
  });

  it('a directory of only other tools\' YAML is CONFIG_NOT_FOUND, not a schema error per file', () => {
    const dir = mkdtempSync(join(root, 'other-'));
    writeFileSync(join(dir, 'docker-compose.yml'), 'services: {}\n');
    const result = runCli(['validate', dir], { env: { NO_COLOR: '1' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error CONFIG_NOT_FOUND: no groupform config among');
  });
});
