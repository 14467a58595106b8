import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import type { Plan } from '../../../src/model/types.js';
import { repoRoot } from '../../support/cli.js';
import { tempDir } from '../../support/in-process.js';
import { groupform, groupsViaSdk } from './fixtures.js';
import { startEmulator } from '../../../src/emulator/index.js';
import { afterThisTest } from './fixtures.js';

// examples/msp-multi-tenant against the emulator: 30 tenants from one template and one support set.
const example = join(repoRoot, 'examples', 'msp-multi-tenant');
const PROJECT_ID = 'P2msp00000000000000000000000';
const MANAGEMENT_KEY = 'mk-msp-0123456789';
const tenantIds = Array.from({ length: 30 }, (_, i) => `T2cust${String(i + 1).padStart(2, '0')}`);
const staff = ['ana', 'ben', 'chen', 'dana', 'eve'].map((name) => ({ userId: `U2${name}`, loginId: `${name}@msp.example` }));

function seed(): Snapshot {
  const tenants: Snapshot['tenants'] = {};
  for (const [i, tenantId] of tenantIds.entries()) {
    const users = tenantId === 'T2cust07' ? [...staff, { userId: 'U2fay', loginId: 'fay@cust07.example' }] : staff;
    tenants[tenantId] = { scimKey: `sk-msp-${i}`, users, groups: [] };
  }
  return { projectId: PROJECT_ID, managementKey: MANAGEMENT_KEY, tenants };
}

async function scenario(): Promise<{ dir: string; env: Record<string, string>; url: string }> {
  const emulator = await startEmulator({ seed: seed(), retryAfterSeconds: 0 });
  afterThisTest(() => emulator.close());
  const dir = await tempDir('groupform-msp-');
  await cp(example, dir, { recursive: true });
  // The example paces at Descope's published limit; the emulator has none to respect.
  const config = await readFile(join(dir, 'groupform.yaml'), 'utf8');
  await writeFile(join(dir, 'groupform.yaml'), config.replace('maxRequestsPerMinute: 120', 'maxRequestsPerMinute: 100000\n  writeVisibilitySeconds: 0.01'));
  const env: Record<string, string> = { DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY, DESCOPE_BASE_URL: emulator.url };
  tenantIds.forEach((_, i) => (env[`DESCOPE_SCIM_KEY_CUST${String(i + 1).padStart(2, '0')}`] = `sk-msp-${i}`));
  return { dir, env, url: emulator.url };
}

async function planOf(dir: string, env: Record<string, string>): Promise<Plan> {
  const result = await groupform(['plan', '.', '--format', 'json'], dir, env);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Plan;
}

describe('examples/msp-multi-tenant against the emulator', () => {
  it('converges after one apply; one more technician in the support set is exactly 30 additions via set support', async () => {
    const { dir, env, url } = await scenario();
    const first = await planOf(dir, env);
    expect(first.summary).toMatchObject({ groupsToCreate: 60, groupsToUpdate: 0, groupsToDelete: 0, membersToAdd: 121, membersToRemove: 0 });
    const apply = await groupform(['apply', '.', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(await groupsViaSdk(url, 'T2cust07', { projectId: PROJECT_ID, managementKey: MANAGEMENT_KEY })).toEqual({
      Billing: ['U2dana', 'U2fay'],
      'MSP Support': ['U2ana', 'U2ben', 'U2chen'],
    });
    expect(await groupsViaSdk(url, 'T2cust30', { projectId: PROJECT_ID, managementKey: MANAGEMENT_KEY })).toEqual({
      Billing: ['U2dana'],
      'MSP Support': ['U2ana', 'U2ben', 'U2chen'],
    });
    const converged = await groupform(['plan', '.', '--detailed-exitcode'], dir, env);
    expect(converged.status, converged.stdout + converged.stderr).toBe(0);

    const config = await readFile(join(dir, 'groupform.yaml'), 'utf8');
    await writeFile(join(dir, 'groupform.yaml'), config.replace('    - chen@msp.example\n', '    - chen@msp.example\n    - eve@msp.example\n'));
    const plan = await planOf(dir, env);
    const changes = plan.tenants.flatMap((t) => t.changes.map((c) => ({ tenant: t.tenant, action: c.action, group: c.group, add: c.add, remove: c.remove })));
    expect(changes).toEqual(
      tenantIds.map((tenant) => ({ tenant, action: 'update', group: 'MSP Support', add: [{ userId: 'U2eve', loginId: 'eve@msp.example', via: ['set support'] }], remove: [] })),
    );
    expect(plan.summary).toMatchObject({ membersToAdd: 30, membersToRemove: 0, groupsToCreate: 0 });
    const text = await groupform(['plan', '.'], dir, env);
    expect(text.stdout.match(/\+ eve@msp\.example \(U2eve\) via set support\n/g)).toHaveLength(30);
  });
});
