import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { groupform, startScenario } from './fixtures.js';

const TOKENS = { acme: 'scim-token-acme-41d7', globex: 'scim-token-globex-9e20' } as const;

function seed(): Snapshot {
  return {
    tenants: {
      acme: {
        scimKey: TOKENS.acme,
        users: [
          { userId: 'ua1', loginId: 'alice@acme.com' },
          { userId: 'ua2', loginId: 'bob@acme.com' },
        ],
        groups: [{ id: 'a1', display: 'Acme Engineering', members: ['ua1'] }],
      },
      globex: {
        scimKey: TOKENS.globex,
        users: [
          { userId: 'ug1', loginId: 'gina@globex.com' },
          { userId: 'ug2', loginId: 'hank@globex.com' },
        ],
        groups: [{ id: 'g1', display: 'Globex Support', members: ['ug1'] }],
      },
    },
  };
}

// One URL for both tenants: no {tenantId}, each tenant its own token.
const CONFIG = `version: 1
provider:
  type: scim
  baseUrl: \${SCIM_BASE_URL}/scim/v2
tenants:
  acme:
    token: \${ACME_TOKEN}
    unmanagedGroups: delete
    groups:
      Acme Engineering:
        members: [alice@acme.com, bob@acme.com]
      Acme Ops:
        members: [alice@acme.com]
  globex:
    token: \${GLOBEX_TOKEN}
    unmanagedGroups: delete
    groups:
      Globex Support:
        members: [gina@globex.com, hank@globex.com]
`;

const env = (url: string, tokens: { acme: string; globex: string } = TOKENS): Record<string, string> => ({
  SCIM_BASE_URL: url,
  ACME_TOKEN: tokens.acme,
  GLOBEX_TOKEN: tokens.globex,
});

const groupsOf = (snapshot: Snapshot, tenant: string): Record<string, string[]> =>
  Object.fromEntries((snapshot.tenants[tenant]?.groups ?? []).map((g) => [g.display, [...(g.members ?? [])].sort()]));

describe('one SCIM URL for every tenant, the bearer token choosing the tenant (emulator --tenant-by-token)', () => {
  it('plans, applies into each token\'s tenant, and converges', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { tenantByToken: true });
    const plan = await groupform(['plan', '--format', 'json'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).provider).toEqual({ type: 'scim', baseUrl: `${emulator.url}/scim/v2`, profile: 'rfc7644' });
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    const after = emulator.snapshot();
    expect(groupsOf(after, 'acme')).toEqual({ 'Acme Engineering': ['ua1', 'ua2'], 'Acme Ops': ['ua1'] });
    expect(groupsOf(after, 'globex')).toEqual({ 'Globex Support': ['ug1', 'ug2'] });
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url))).status).toBe(0);
  });

  it('swapped tokens: plan and apply refuse both tenants with SCIM_TOKEN_WRONG_TENANT and write nothing', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { tenantByToken: true });
    const before = emulator.snapshot();
    const swapped = env(emulator.url, { acme: TOKENS.globex, globex: TOKENS.acme });
    for (const args of [['plan'], ['apply', '--auto-approve']]) {
      const run = await groupform(args, dir, swapped);
      expect(run.status, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toContain(
        'acme: SCIM_TOKEN_WRONG_TENANT: tenant acme: the scim baseUrl has no {tenantId}, so the bearer token alone chooses the tenant, and the token from ${ACME_TOKEN} ' +
          'reaches none of the groups tenant acme declares, but groups tenant globex declares ("Globex Support"): the token is likely tenant globex\'s',
      );
      expect(run.stderr).toContain('globex: SCIM_TOKEN_WRONG_TENANT');
    }
    expect(emulator.snapshot()).toEqual(before);
    expect(Object.keys(emulator.stats().routes).filter((route) => !route.startsWith('GET'))).toEqual([]);
  });

  it('two tokens of one tenant: refused before anything is planned', async () => {
    const shared = seed();
    shared.tenants.acme!.scimKeys = [{ key: TOKENS.acme, ssoId: 'default_ssoid' }, { key: 'scim-token-acme-second-77aa', ssoId: 'default_ssoid' }];
    delete shared.tenants.acme!.scimKey;
    const { emulator, dir } = await startScenario(shared, CONFIG, { tenantByToken: true });
    const run = await groupform(['plan'], dir, env(emulator.url, { acme: TOKENS.acme, globex: 'scim-token-acme-second-77aa' }));
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/SCIM_TOKEN_WRONG_TENANT: tenant (acme|globex): .* reaches the groups tenant (acme|globex)'s token reached \(a1\): both tokens belong to one tenant/);
  });

  it('one token for two tenants: validate refuses it at the second tenant, naming the first', async () => {
    const { emulator, dir } = await startScenario(seed(), CONFIG, { tenantByToken: true });
    const run = await groupform(['validate'], dir, env(emulator.url, { acme: TOKENS.acme, globex: TOKENS.acme }));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/groupform\.yaml:15:5: error SCIM_TOKEN_SHARED: tenant "globex" would use a token of the same value as tenant "acme" at groupform\.yaml:7:5: /);
  });
});
