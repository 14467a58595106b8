import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONVERGED, E2E_CONFIG, e2eEnv, e2eSeed, expectNoSecret, groupform, groupsViaSdk, scimWrites, startScenario } from './fixtures.js';

describe('apply with one of two tenants missing its SCIM key', () => {
  it('stops before the question and before any write, naming the variable; the fixed re-run does not "resume"', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const before = emulator.snapshot();
    const withoutT2 = e2eEnv(emulator.url, { T2_SCIM_KEY: '' });

    const saved = await groupform(['plan', '--out', 'plan.json'], dir, withoutT2);
    expect(saved.status, saved.stderr).toBe(0);

    for (const args of [['apply'], ['apply', '--auto-approve'], ['apply', '--plan', 'plan.json', '--auto-approve']]) {
      const apply = await groupform(args, dir, withoutT2);
      expect(apply.status, apply.stdout + apply.stderr).toBe(1);
      expect(apply.stderr).toContain('groupform: error SCIM_KEY_MISSING: tenant T2 has no SCIM key (${T2_SCIM_KEY} is empty); set scimKey for it at ');
      expect(apply.stderr).toContain('nothing was written');
      expect(apply.stderr).not.toContain('tenant T1 has no SCIM key');
      // Refused before the terminal check: without a key there is nothing to say yes to.
      expect(apply.stderr).not.toContain('APPROVAL_REQUIRED');
      expect(apply.stdout).not.toContain('Applied:');
      expectNoSecret(apply.stdout + apply.stderr);
    }
    expect(emulator.snapshot()).toEqual(before);
    expect(scimWrites(emulator)).toEqual([]);
    expect(existsSync(join(dir, 'plan.json.journal.jsonl'))).toBe(false);

    const fixed = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, e2eEnv(emulator.url));
    expect(fixed.status, fixed.stdout + fixed.stderr).toBe(0);
    expect(fixed.stderr).not.toContain('Resuming');
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
  });

  it('names every tenant without its key at once', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG);
    const apply = await groupform(['apply', '--auto-approve'], dir, e2eEnv(emulator.url, { T1_SCIM_KEY: '', T2_SCIM_KEY: '' }));
    expect(apply.status).toBe(1);
    expect(apply.stderr).toMatch(/tenant T1 has no SCIM key \(\$\{T1_SCIM_KEY\} is empty\).*; tenant T2 has no SCIM key \(\$\{T2_SCIM_KEY\} is empty\)/);
    expect(scimWrites(emulator)).toEqual([]);
  });
});
