import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'groupform-show-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const planArgs = ['plan', join(repoRoot, 'test/fixtures/cli/plan.yaml'), '--live-state', join(repoRoot, 'test/fixtures/cli/snapshot.yaml')];
const env = { NO_COLOR: '1', GROUPFORM_NOW: '2026-12-01T00:00:00Z' };

describe('groupform show', () => {
  const saved = join(dir, 'plan.json');
  const planned = runCli([...planArgs, '--out', saved], { env });

  it.each(['text', 'markdown', 'json'])('renders a saved plan in --format %s exactly as plan printed it', (format) => {
    expect(planned.status, planned.stderr).toBe(0);
    const direct = runCli([...planArgs, '--format', format], { env });
    const shown = runCli(['show', saved, '--format', format], { env });
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toBe(direct.stdout);
    expect(shown.stderr).toBe('');
  });

  it('prints the saved file itself for json', () => {
    expect(runCli(['show', saved, '--format', 'json'], { env }).stdout).toBe(readFileSync(saved, 'utf8'));
  });

  it('refuses an edited plan file instead of showing changes nobody planned', () => {
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, readFileSync(saved, 'utf8').replace(/"Platform"/g, '"Platform2"'));
    const shown = runCli(['show', edited], { env });
    expect(shown.status).toBe(1);
    expect(shown.stderr).toContain('PLAN_TAMPERED');
    expect(shown.stdout).toBe('');
  });

  it('names a missing file in one line', () => {
    const shown = runCli(['show', join(dir, 'missing.json')], { env });
    expect(shown.status).toBe(1);
    expect(shown.stderr).toMatch(/^groupform: error [A-Z_]+: .*missing\.json/);
  });
});
