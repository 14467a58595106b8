import { readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';
import { repoRoot } from '../../support/cli.js';
import { tempDir } from '../../support/in-process.js';
import { afterThisTest, groupform as run, MANAGEMENT_KEY, SCIM_KEYS } from '../e2e/fixtures.js';

function seed(): Snapshot {
  return {
    projectId: 'P2import',
    managementKey: MANAGEMENT_KEY,
    tenants: {
      T1: {
        scimKey: SCIM_KEYS.T1,
        users: [
          { userId: 'U1', loginId: 'Alice@acme.com', display: 'Alice' },
          { userId: 'U2', loginId: 'bob@acme.com' },
          { userId: 'U3', loginId: 'carol@acme.com' },
          { userId: 'U4' },
        ],
        groups: [
          { id: 'g1', display: 'Engineering', externalId: 'eng', members: ['U2', 'U1', 'U4'] },
          { id: 'g2', display: 'SSO Admins', members: ['U3'], source: 'jit' },
          { id: 'g3', display: 'Empty: on purpose #1', members: [] },
          { id: 'g4', display: 'Sales', members: ['U3'] },
          // Config values are interpolated (keys are not): a live `${` must come back as a literal.
          { id: 'g5', display: 'Cost ${center}', externalId: 'cc-${x}', members: [] },
        ],
      },
      T2: { scimKey: SCIM_KEYS.T2, users: [{ userId: 'U5', loginId: 'eve@beta.com' }], groups: [{ id: 'h1', display: 'Beta', members: ['U5'] }] },
    },
  };
}

// The credentials are the e2e fixtures' own: `run` (their groupform) fails a test that prints one.
let dir: string;

/** The emulator on seed() and a fresh `dir`, both gone after the test; every test starts here. */
async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  dir = await tempDir('groupform-import-');
  const emulator = await startEmulator({ seed: seed(), ...options });
  afterThisTest(() => emulator.close());
  return emulator;
}

async function writeDescopeProvider(url: string): Promise<void> {
  await writeFile(
    join(dir, 'groupform.yaml'),
    `version: 1\nprovider:\n  type: descope\n  projectId: P2import\n  managementKey: \${DESCOPE_MANAGEMENT_KEY:-}\n  baseUrl: ${url}\n`,
  );
}

async function writeScimProvider(url: string, profile: string): Promise<void> {
  await writeFile(
    join(dir, 'groupform.yaml'),
    `version: 1\nprovider:\n  type: scim\n  baseUrl: ${url}/{tenantId}/scim/v2\n  profile: ${profile}\n  token: \${SCIM_TOKEN:-}\n`,
  );
}

const descopeEnv = { DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY };

describe('groupform import from the Descope emulator', () => {
  it('writes the tenant as config, and planning it against the same state shows no changes', async () => {
    const { url } = await start();
    await writeDescopeProvider(url);
    const imported = await run(['import', 'groupform.yaml', '--tenant', 'T1', '--out', 'tenants/'], dir, descopeEnv);
    expect(imported.stderr).toBe('Imported 1 tenant, 4 groups, 4 members to tenants/T1.yaml (1 live group left out, see the comments).\n');
    expect(imported.status).toBe(0);
    expect(await readFile(join(dir, 'tenants', 'T1.yaml'), 'utf8')).toBe(`# yaml-language-server: $schema=${schemaRef('tenants')}
# Imported by \`groupform import\` from descope project P2import (${url}).
# Review it before committing: from now on groupform manages every group declared here.

tenants:
  # Left out "SSO Admins": SSO-managed (source: jit), so groupform never writes it and it may not be
  # declared.
  T1:
    scimKey: \${DESCOPE_SCIM_KEY_T1:-}
    groups:
      Cost $\${center}:
        members: []
      "Empty: on purpose #1":
        members: []
      Engineering:
        members:
          - Alice@acme.com
          - bob@acme.com
          - {userId: U4}
      Sales:
        members:
          - carol@acme.com
`);

    const plan = await run(['plan', '.', '--detailed-exitcode'], dir, descopeEnv);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('No changes.');
    expect(plan.status).toBe(0);
    expect((await run(['fmt', '--check', '.'], dir, {})).status).toBe(0);
    expect((await run(['validate', '.'], dir, {})).status).toBe(0);
  });

  it('shows changes once the live state moves away from the import', async () => {
    const live = await start();
    await writeDescopeProvider(live.url);
    expect((await run(['import', 'groupform.yaml', '--tenant', 'T1', '--out', 'T1.yaml'], dir, descopeEnv)).status).toBe(0);
    const response = await fetch(`${live.url}/scim/v2/Groups/g4`, {
      method: 'PATCH',
      headers: { authorization: `Bearer P2import:${SCIM_KEYS.T1}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [{ value: 'U2' }] }],
      }),
    });
    expect(response.ok).toBe(true);
    const plan = await run(['plan', '.', '--detailed-exitcode', '--format', 'json'], dir, descopeEnv);
    expect(plan.status).toBe(2);
    expect(JSON.parse(plan.stdout).tenants[0].changes).toEqual([
      expect.objectContaining({ action: 'update', group: 'Sales', remove: [{ userId: 'U2', loginId: 'bob@acme.com' }] }),
    ]);
  });

  it('imports several tenants into one file, the same from a --live-state snapshot', async () => {
    const live = await start();
    await writeDescopeProvider(live.url);
    const fromEmulator = await run(['import', '--tenant', 'T2', '--tenant', 'T1', 'groupform.yaml'], dir, descopeEnv);
    expect(fromEmulator.status).toBe(0);
    expect(fromEmulator.stdout.match(/^ {2}T\d:$/gm)).toEqual(['  T1:', '  T2:']);
    // Descope's management API has no externalId; a snapshot may, so it is taken out to compare like with like.
    const snapshot = live.snapshot();
    for (const tenant of Object.values(snapshot.tenants)) for (const group of tenant.groups ?? []) delete group.externalId;
    await writeFile(join(dir, 'snapshot.json'), JSON.stringify(snapshot));
    const fromSnapshot = await run(['import', '--tenant', 'T1', '--tenant', 'T2', 'groupform.yaml', '--live-state', 'snapshot.json'], dir, {});
    expect(fromSnapshot.stdout).toBe(fromEmulator.stdout);
  });

  it('refuses to overwrite, and needs --tenant', async () => {
    const { url } = await start();
    await writeDescopeProvider(url);
    await writeFile(join(dir, 'T1.yaml'), 'tenants: {}\n');
    const exists = await run(['import', 'groupform.yaml', '--tenant', 'T1', '--out', 'T1.yaml'], dir, descopeEnv);
    expect(exists.status).toBe(1);
    expect(exists.stderr).toContain('error IMPORT_OUT_EXISTS');
    expect(await readFile(join(dir, 'T1.yaml'), 'utf8')).toBe('tenants: {}\n');
    const none = await run(['import', 'groupform.yaml'], dir, descopeEnv);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('error IMPORT_NO_TENANT');
  });
});

describe('groupform import from a SCIM emulator with the huawei profile', () => {
  // The huawei profile's documented reading (the API reference's GET example) shows members on group reads.
  it('round-trips a tenant with its members: the plan shows no changes', async () => {
    const { url } = await start({ profile: 'huawei', membersOnGet: 'filled' });
    await writeScimProvider(url, 'huawei');
    const env = { SCIM_TOKEN: SCIM_KEYS.T1 };
    const imported = await run(['import', 'groupform.yaml', '--tenant', 'T1'], dir, env);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('    token: ${SCIM_TOKEN_T1:-}\n');
    expect(imported.stdout).toMatch(/ {6}Engineering:\n {8}externalId: eng\n/);
    expect(imported.stdout).toContain('externalId: cc-$${x}\n');
    // SCIM knows no JIT groups: every group is declared, with its members by userName.
    expect(imported.stdout).toMatch(/ {6}SSO Admins:\n {8}members:\n {10}- carol@acme\.com\n/);
    await writeFile(join(dir, 'T1.yaml'), imported.stdout);
    const plan = await run(['plan', '.', '--detailed-exitcode'], dir, env);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
  });

  // The other reading (SDK docstrings): members come back empty and cannot be read, so they are not imported.
  it('leaves unreadable membership unmanaged, says why, and still plans no changes', async () => {
    const { url } = await start({ profile: 'huawei', membersOnGet: 'empty' });
    await writeScimProvider(url, 'huawei');
    const env = { SCIM_TOKEN: SCIM_KEYS.T1 };
    const imported = await run(['import', 'groupform.yaml', '--tenant', 'T1', '--out', 'T1.yaml'], dir, env);
    expect(imported.status).toBe(0);
    const text = await readFile(join(dir, 'T1.yaml'), 'utf8');
    const note = text.split('\n').filter((line) => line.startsWith('  # ')).map((line) => line.slice(4)).join(' ');
    expect(note).toMatch(/^Members not imported for "Cost \$\{center\}", "Empty: on purpose #1", "Engineering", "SSO Admins", "Sales": .*no group shows members/);
    expect(text).not.toContain('members:');
    const plan = await run(['plan', '.', '--detailed-exitcode'], dir, env);
    expect(plan.status).toBe(0);
  });
});

// The provider file names no schema, so the imported file points at the package's own, relative to itself.
function schemaRef(subdir: string): string {
  return relative(join(dir, subdir), join(repoRoot, 'schemas', 'groupform.schema.json')).split(sep).join('/');
}
