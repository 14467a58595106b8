import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { groupform, startScenario } from './fixtures.js';

const TOKEN_A = 'scim-token-a-41ce';
const TOKEN_B = 'scim-token-b-9e07';
const seed = (): Snapshot => ({
  tenants: {
    tenantA: { scimKey: TOKEN_A, users: [{ userId: 'u-1', loginId: 'ann@corp.example' }], groups: [] },
    tenantB: { scimKey: TOKEN_B, users: [{ userId: 'u-2', loginId: 'bob@corp.example' }], groups: [{ id: 'g-1', display: 'Ops', members: ['u-2'] }] },
  },
});

const config = `version: 1
provider:
  type: scim
  baseUrl: \${SCIM_BASE_URL}/{tenantId}/scim/v2
  profile: rfc7644
  token: \${SCIM_TOKEN}
tenants:
  tenantA:
    groups: {}
`;

describe('import of a tenant the config does not declare', () => {
  it('reads it with the SCIM_TOKEN_<tenant> variable the imported file names, and that file then plans clean', async () => {
    const { emulator, dir } = await startScenario(seed(), config);
    const env = { SCIM_BASE_URL: emulator.url, SCIM_TOKEN: TOKEN_A, SCIM_TOKEN_tenantB: TOKEN_B };
    const imported = await groupform(['import', 'groupform.yaml', '--tenant', 'tenantB', '--out', 'tenants/'], dir, env);
    expect(imported.status, imported.stderr).toBe(0);
    const text = await readFile(join(dir, 'tenants', 'tenantB.yaml'), 'utf8');
    expect(text).toContain('token: ${SCIM_TOKEN_tenantB:-}');
    expect(text).toContain('bob@corp.example');
    const plan = await groupform(['plan', '--detailed-exitcode', 'groupform.yaml', 'tenants/'], dir, env);
    expect(plan.status, plan.stdout + plan.stderr).toBe(0);
    // Token A was never sent to tenant B.
    expect(emulator.stats().statuses['401'] ?? 0).toBe(0);
  });

  it('without that variable, falls back to the provider token', async () => {
    const { emulator, dir } = await startScenario(seed(), config);
    const env = { SCIM_BASE_URL: emulator.url, SCIM_TOKEN: TOKEN_B };
    const imported = await groupform(['import', 'groupform.yaml', '--tenant', 'tenantB'], dir, env);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Ops');
  });
});
