import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planAndApply } from '../../examples/quickstart/plan-and-apply.js';
import { NO_CHANGES_LINE } from '../../src/render/text.js';
import { repoRoot } from '../support/cli.js';

const examplePath = join(repoRoot, 'examples', 'quickstart', 'plan-and-apply.ts');

/** The ```ts block of the README's "Programmatic use" section. */
function readmeExample(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Programmatic use'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error('README: no ts block under "## Programmatic use"');
  return block[1]!;
}

/** Runs a module with the built package, resolved by name as a dependant would (self-reference via `exports`). */
function runNode(source: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the programmatic API', () => {
  it('the README shows the example file as it is', () => {
    expect(readmeExample()).toBe(readFileSync(examplePath, 'utf8'));
  });

  it('the README example plans, applies and then plans no change against the emulator', async () => {
    const lines: string[] = [];
    const after = await planAndApply(repoRoot, (line) => lines.push(line));
    const output = lines.join('\n');
    expect(output).toContain('Plan: 1 group to create');
    expect(output).toMatch(/^done: T2acme create Platform$/m);
    expect(output).not.toMatch(/^failed:/m);
    expect(after).toContain(NO_CHANGES_LINE);
  });

  it('the package root exports the pipeline and deep imports are closed', () => {
    const root = runNode("const api = await import('groupform'); console.log(['loadDesired', 'openProvider', 'planDesired', 'renderText', 'renderMarkdown', 'applyPlan', 'parseSavedPlan', 'verifySavedPlan', 'startEmulator'].map((name) => typeof api[name]).join(' '));");
    expect(root.stderr).toBe('');
    expect(root.stdout.trim()).toBe(Array(9).fill('function').join(' '));
    const deep = runNode("await import('groupform/dist/src/pipeline.js');");
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
