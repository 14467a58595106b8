import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-x-retry-after-5b2e';
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const people = Array.from({ length: 150 }, (_, i) => ({ userId: `u-${i}`, loginId: `user${i}@corp.example` }));
const seed: Snapshot = scimSeed('tenant-a', TOKEN, people, [{ id: 'g-1', display: 'Team', members: people.slice(120, 130).map((u) => u.userId) }]);
// Declared members past the first (unproven) page of users: each is looked up by userName, 20 requests on one route.
const config = scimConfig('aws', `  tenant-a:\n    groups:\n      Team:\n        members: [${people.slice(120, 140).map((u) => u.loginId).join(', ')}]\n`);

describe('aws: a 429 whose wait comes only in X-Retry-After', () => {
  it('is waited out for the wait it names: one request in flight meets exactly one 429, and the plan is right', async () => {
    // The 21st user request within 4 s locks the route out for 4 s and says so in X-Retry-After alone. A client
    // that ignored the header would back off from about a second and meet the lock-out again.
    const { emulator, dir } = await startScenario(seed, config, {
      profile: 'aws',
      cursor: 'refuse',
      startIndex: 'refuse',
      rateLimit: { requests: 20, perSeconds: 4 },
      rateLimitLockoutSeconds: 4,
      retryAfterHeader: 'x-retry-after',
    });
    const plan = await groupform(['plan', '--format', 'json', '--concurrency', '1'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).summary).toMatchObject({ groupsToCreate: 0, membersToAdd: 10, membersToRemove: 0 });
    const users = emulator.stats().routeStatuses['GET /{tenantId}/scim/v2/Users'];
    expect(users?.['429']).toBe(1);
    expect(emulator.stats().statuses['429']).toBe(1);
  });
});
