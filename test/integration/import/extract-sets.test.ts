import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { tempDir } from '../../support/in-process.js';
import { afterThisTest, groupform as run, MANAGEMENT_KEY } from '../e2e/fixtures.js';

// Three tenants whose Support groups share alice and bob (T3's also has carol); Billing shares only one person,
// Admins exists in one tenant.
function seed(): Snapshot {
  const users = (t: string) => [
    { userId: `${t}alice`, loginId: 'alice@msp.example' },
    { userId: `${t}bob`, loginId: 'Bob@msp.example' },
    { userId: `${t}carol`, loginId: 'carol@msp.example' },
    { userId: `${t}dana`, loginId: 'dana@msp.example' },
  ];
  return {
    projectId: 'P2sets',
    managementKey: MANAGEMENT_KEY,
    tenants: {
      T1: {
        users: users('U1'),
        groups: [
          { id: 'a1', display: 'Support', members: ['U1alice', 'U1bob'] },
          { id: 'a2', display: 'Billing', members: ['U1dana', 'U1carol'] },
          { id: 'a3', display: 'Admins', members: ['U1alice', 'U1bob'] },
        ],
      },
      T2: {
        users: users('U2'),
        groups: [
          { id: 'b1', display: 'Support', members: ['U2bob', 'U2alice'] },
          { id: 'b2', display: 'Billing', members: ['U2dana'] },
        ],
      },
      T3: { users: users('U3'), groups: [{ id: 'c1', display: 'Support', members: ['U3alice', 'U3bob', 'U3carol'] }] },
    },
  };
}

const env = { DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY };

async function start(): Promise<string> {
  const dir = await tempDir('groupform-extract-sets-');
  const emulator = await startEmulator({ seed: seed() });
  afterThisTest(() => emulator.close());
  await writeFile(join(dir, 'groupform.yaml'), `version: 1\nprovider:\n  type: descope\n  projectId: P2sets\n  managementKey: \${DESCOPE_MANAGEMENT_KEY:-}\n  baseUrl: ${emulator.url}\n`);
  return dir;
}

describe('import --extract-sets', () => {
  it('writes the shared members as a set file, and the imported config plans no change', async () => {
    const dir = await start();
    const imported = await run(['import', 'groupform.yaml', '--tenant', 'T1', '--tenant', 'T2', '--tenant', 'T3', '--out', 'tenants/', '--extract-sets'], dir, env);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('Imported 3 tenants, 6 groups, 12 members to 4 files, proposing 1 member set (support).');
    expect((await readdir(join(dir, 'tenants'))).sort()).toEqual(['T1.yaml', 'T2.yaml', 'T3.yaml', 'sets.yaml']);
    const sets = await readFile(join(dir, 'tenants', 'sets.yaml'), 'utf8');
    expect(sets.replace(/^#.*\n\n?/gm, '')).toBe('sets:\n  # Proposed by import --extract-sets: the members group "Support" has in each of T1, T2, T3.\n  support:\n    - alice@msp.example\n    - Bob@msp.example\n');
    const t3 = await readFile(join(dir, 'tenants', 'T3.yaml'), 'utf8');
    expect(t3).toContain('      Support:\n        members:\n          - carol@msp.example\n          - {set: support}\n');
    const t1 = await readFile(join(dir, 'tenants', 'T1.yaml'), 'utf8');
    // Admins holds the same people but only in one tenant; Billing shares one person: both stay written out.
    expect(t1).toContain('      Admins:\n        members:\n          - alice@msp.example\n          - Bob@msp.example\n');
    expect(t1).toContain('      Billing:\n        members:\n          - carol@msp.example\n          - dana@msp.example\n');

    const plan = await run(['plan', 'groupform.yaml', 'tenants/', '--detailed-exitcode'], dir, env);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    const fmt = await run(['fmt', '--check', 'tenants/'], dir, {});
    expect(fmt.status, fmt.stdout).toBe(0);
  });

  it('puts the sets beside the tenants when importing to one file or stdout', async () => {
    const dir = await start();
    const imported = await run(['import', 'groupform.yaml', '--tenant', 'T1', '--tenant', 'T2', '--extract-sets'], dir, env);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^sets:\n {2}# Proposed by import --extract-sets: the members group "Support" has in each of T1, T2\.\n/m);
    await writeFile(join(dir, 'tenants.yaml'), imported.stdout);
    const plan = await run(['plan', 'groupform.yaml', 'tenants.yaml', '--detailed-exitcode'], dir, env);
    expect(plan.status, plan.stdout + plan.stderr).toBe(0);
  });
});
