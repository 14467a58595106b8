import { describe, expect, it } from 'vitest';
import { groupform, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-query-5b1c';
const GATEWAY_KEY = 'gw-key-7d02aa';
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN, GATEWAY_KEY });
const users = [
  { userId: 'u-1', loginId: 'ann@corp.example' },
  { userId: 'u-2', loginId: 'bob@corp.example' },
];

const config = (baseUrl: string) => `version: 1
provider:
  type: scim
  baseUrl: ${baseUrl}
  profile: rfc7644
  token: \${SCIM_TOKEN}
tenants:
  tenant-a:
    groups:
      Team:
        members: [ann@corp.example, bob@corp.example]
`;

describe('a scim baseUrl with a query string or a fragment', () => {
  it('sends the query, {tenantId} substituted, with every request; it never shows in output', async () => {
    const baseUrl = '${SCIM_BASE_URL}/{tenantId}/scim/v2?tenant={tenantId}&code=${GATEWAY_KEY}';
    const { emulator, dir } = await startScenario(scimSeed('tenant-a', TOKEN, users), config(baseUrl), { requireQuery: { name: 'tenant', value: '{tenantId}' } });
    const plan = await groupform(['plan', '--debug'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout + plan.stderr).not.toContain(GATEWAY_KEY);
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    const groups = emulator.snapshot().tenants['tenant-a']?.groups ?? [];
    expect(groups.map((g) => [g.display, g.members])).toEqual([['Team', ['u-1', 'u-2']]]);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url))).status).toBe(0);
    // The gateway refused nothing: the query reached every request.
    expect(emulator.stats().statuses['403'] ?? 0).toBe(0);
  });

  it('a fragment is refused by validate at its line, before any request', async () => {
    const { emulator, dir } = await startScenario(scimSeed('tenant-a', TOKEN, users), config('${SCIM_BASE_URL}/{tenantId}/scim/v2#section'));
    const validate = await groupform(['validate'], dir, env(emulator.url));
    expect(validate.status).not.toBe(0);
    expect(validate.stderr).toContain('groupform.yaml:4');
    expect(validate.stderr).toContain('SCIM_BASE_URL');
    expect(validate.stderr).toContain('fragment');
    const plan = await groupform(['plan'], dir, env(emulator.url));
    expect(plan.status).toBe(validate.status);
    expect(emulator.stats().requests).toBe(0);
  });
});
