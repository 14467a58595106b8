import { describe, expect, it } from 'vitest';
import { descopeConfig, e2eEnv, e2eSeed, groupform, SCIM_KEYS, scimWrites, startScenario } from './fixtures.js';

// T1 only: with T2's key, everything this run could write would land in T2.
const CONFIG = descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    unmanagedGroups: delete
    groups:
      Auditors: {}
      Eng:
        members: [alice@acme.com, bob@acme.com]
      Platform:
        members: [carol@acme.com]
`);

describe('apply with another tenant\'s SCIM key', () => {
  it('exits 1 with SCIM_KEY_WRONG_TENANT for each change, naming the variable, and writes to neither tenant', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), CONFIG);
    const before = emulator.snapshot();
    const env = e2eEnv(emulator.url, { T1_SCIM_KEY: SCIM_KEYS.T2 });

    // Twice: a run that "succeeded" into the wrong tenant would plan the same changes again and again.
    for (let run = 1; run <= 2; run++) {
      const apply = await groupform(['apply', '--auto-approve'], dir, env);
      expect(apply.status, apply.stdout + apply.stderr).toBe(1);
      expect(apply.stdout).toContain('Applied: 0 groups created, 0 updated, 0 deleted; 0 members added, 0 removed.');
      // Create Platform, update Eng, delete Legacy: each refused with the code, none done.
      const refusals = apply.stdout.split('\n').filter((line) => line.startsWith('  failed: T1 '));
      expect(refusals).toHaveLength(3);
      for (const line of refusals) {
        expect(line).toContain('SCIM_KEY_WRONG_TENANT: the SCIM key of tenant T1 from ${T1_SCIM_KEY} belongs to another tenant');
      }
      expect(emulator.snapshot()).toEqual(before);
    }
    expect(scimWrites(emulator)).toEqual([]);

    const fixed = await groupform(['apply', '--auto-approve'], dir, e2eEnv(emulator.url));
    expect(fixed.status, fixed.stdout + fixed.stderr).toBe(0);
    expect(emulator.snapshot().tenants.T2).toEqual(before.tenants.T2);
  });
});
