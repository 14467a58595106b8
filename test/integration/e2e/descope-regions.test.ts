import { describe, expect, it } from 'vitest';
import { e2eSeed, MANAGEMENT_KEY, SCIM_KEYS, startScenario } from './fixtures.js';
import { cli, connectProxy, TLS, tlsFront } from './tunnels.js';

// The host a project id selects, over real HTTP: the CLI resolves api.<region>.descope.com from the id alone
// and reaches it through a CONNECT proxy, which sends that host (and only it) to a TLS front of the emulator
// holding a test certificate for Descope's host names.

const config = (projectId: string) => `version: 1
provider:
  type: descope
  projectId: ${projectId}
  managementKey: \${DESCOPE_MANAGEMENT_KEY}
  writeVisibilitySeconds: 0.5
tenants:
  T2:
    scimKey: \${T2_SCIM_KEY}
    groups:
      Support:
        members: [gina@globex.com, hank@globex.com]
`;

describe('Descope regions over the wire', () => {
  it.each([
    ['Peuc10000000000000000000000000000', 'api.euc1.descope.com:443'],
    ['Puse10000000000000000000000000000000000', 'api.use1.descope.com:443'],
    ['P2short', 'api.descope.com:443'],
  ])('project %s talks to %s, plan and apply', async (projectId, host) => {
    const seed = { ...e2eSeed(), projectId };
    const { emulator, dir } = await startScenario(seed, config(projectId), { descopeRegionHost: true });
    const front = await tlsFront(emulator.url, TLS.descopeHosts);
    const proxy = await connectProxy({ [host]: front.slice('https://'.length) });
    const env = { DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY, T2_SCIM_KEY: SCIM_KEYS.T2, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: TLS.descopeHosts.cert };

    const plan = await cli(['plan', '--detailed-exitcode'], dir, env);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain('+ hank@globex.com');
    const apply = await cli(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(emulator.snapshot().tenants.T2?.groups?.map((g) => [g.display, [...(g.members ?? [])].sort()])).toEqual([['Support', ['U6', 'U7']]]);
    expect(new Set(proxy.tunnels)).toEqual(new Set([host]));
  });

  it('a regional project asked at another host is refused by an emulator serving only its region', async () => {
    const projectId = 'Peuc10000000000000000000000000000';
    const atDefaultHost = config(projectId).replace('  writeVisibilitySeconds', '  baseUrl: https://api.descope.com\n  writeVisibilitySeconds');
    const { emulator, dir } = await startScenario({ ...e2eSeed(), projectId }, atDefaultHost, { descopeRegionHost: true });
    const front = await tlsFront(emulator.url, TLS.descopeHosts);
    const proxy = await connectProxy({ 'api.descope.com:443': front.slice('https://'.length) });
    const plan = await cli(['plan'], dir, { DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY, T2_SCIM_KEY: SCIM_KEYS.T2, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: TLS.descopeHosts.cert });
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain('error LOAD_FAILED');
    expect(plan.stderr).toContain('401');
  });
});
