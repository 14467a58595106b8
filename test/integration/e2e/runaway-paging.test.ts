import { describe, expect, it } from 'vitest';
import type { ScimProfileName } from '../../../src/model/types.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

// A server that advertises maxResults 1 and never stops paging (--endless-pages) is followed only so far.

const TOKEN = 'scim-token-runaway-2b9e';
const TENANT = `  t1:
    groups:
      Admins:
        members: [alice@corp.example]
`;
const seed = () => scimSeed('t1', TOKEN, [{ userId: 'u1', loginId: 'alice@corp.example' }]);
const env = (url: string) => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const listRequests = (routes: Record<string, number>) => routes['GET /{tenantId}/scim/v2/Groups'] ?? 0;

const withPageLimit = (config: string, pages: number) => config.replace('  token: ${SCIM_TOKEN}\n', `  token: \${SCIM_TOKEN}\n  http:\n    maxPagesPerList: ${pages}\n`);

describe('scim: a server that pages forever', () => {
  it.each<ScimProfileName>(['rfc7644', 'aws'])('%s: plan stops after provider.http.maxPagesPerList requests with PAGING_RUNAWAY', async (profile) => {
    const { emulator, dir } = await startScenario(seed(), withPageLimit(scimConfig(profile, TENANT), 40), { profile, endlessPages: true });
    const plan = await groupform(['plan'], dir, env(emulator.url));
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain('PAGING_RUNAWAY');
    expect(plan.stderr).toMatch(/still more pages after 40 requests of up to 1 \(40 resources so far.*raise provider\.http\.maxPagesPerList/);
    expect(plan.stderr).not.toMatch(/this is a bug|\n\s+at /);
    expect(listRequests(emulator.stats().routes)).toBe(40);
  });

  it('without a setting, one list takes at most 10,000 requests', async () => {
    const { emulator, dir } = await startScenario(seed(), scimConfig('rfc7644', TENANT), { endlessPages: true });
    const plan = await groupform(['plan'], dir, env(emulator.url));
    expect(plan.status).toBe(1);
    expect(plan.stderr).toContain('PAGING_RUNAWAY');
    expect(listRequests(emulator.stats().routes)).toBe(10_000);
  });
});
