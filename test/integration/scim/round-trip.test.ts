import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import { startScimmyServer } from '../../support/scimmy-server.js';
import { applyAll, changeLines, desiredTenant, planAgainst, scimProvider } from './helpers.js';
import { ACCENTED, BACKSLASH, QUOTED, RD, scenarioUsers } from './scenario.js';

const TENANT = 'T 1';
const TOKEN = 'tok-1';
// Four lookups, no more than the concurrency: each login id is looked up by `userName eq`, not by a listing.
const declared = [QUOTED, BACKSLASH, 'ZOË.ÅSTRÖM@ACME.TEST', 'USER000@ACME.TEST'];
const expectedMembers = [
  { userId: 'sp1', loginId: QUOTED },
  { userId: 'sp2', loginId: BACKSLASH },
  { userId: 'sp3', loginId: ACCENTED },
  { userId: 'u000', loginId: 'user000@acme.test' },
];

function desired() {
  return desiredTenant(TENANT, { [RD]: { members: declared, externalId: 'ext "x" \\ + ü' } }, { token: TOKEN });
}

describe('names and login ids with quotes, backslashes, plus signs, spaces and accents', () => {
  for (const profile of ['rfc7644', 'aws', 'huawei'] as const) {
    it(`round-trip through the emulator's ${profile} profile, found by exact userName filters`, async () => {
      const emulator = await startEmulator({
        profile,
        seed: { tenants: { [TENANT]: { scimKey: TOKEN, users: scenarioUsers().map((u) => ({ userId: u.id, loginId: u.userName })), groups: [] } } },
      });
      try {
        const tenant = desired();
        const provider = scimProvider(`${emulator.url}/{tenantId}/scim/v2`, profile, [tenant]);
        const first = await planAgainst(provider, [tenant]);
        expect(first.diagnostics).toEqual([]);
        // The declared spellings, then (where the server compares exactly) the lowercase of the two that differ;
        // a filter that went wrong would have ended in a listing, one request more.
        const userLookups = emulator.stats().routes['GET /{tenantId}/scim/v2/Users'];
        expect(userLookups).toBe(profile === 'rfc7644' ? declared.length : declared.length + 2);
        await applyAll(provider, first.plan);
        const again = await planAgainst(provider, [tenant]);
        await provider.close();
        expect(changeLines(again.plan)).toEqual([]);
        const group = again.live[0]!.groups[0]!;
        expect(group).toMatchObject({ name: RD, externalId: 'ext "x" \\ + ü', members: expectedMembers });
        expect(emulator.snapshot().tenants[TENANT]?.groups?.map((g) => g.display)).toEqual([RD]);
      } finally {
        await emulator.close();
      }
    });
  }

  it('round-trip through scimmy, which refuses an escaped quote in a filter (found by listing instead)', async () => {
    const server = await startScimmyServer({ tenants: { [TENANT]: { token: TOKEN, users: scenarioUsers() } } });
    try {
      const tenant = desired();
      const provider = scimProvider(server.baseUrl, 'rfc7644', [tenant]);
      const first = await planAgainst(provider, [tenant]);
      expect(first.diagnostics).toEqual([]);
      await applyAll(provider, first.plan);
      const again = await planAgainst(provider, [tenant]);
      await provider.close();
      expect(changeLines(again.plan)).toEqual([]);
      expect(again.live[0]!.groups[0]).toMatchObject({ name: RD, externalId: 'ext "x" \\ + ü', members: expectedMembers });
      expect(server.groups(TENANT).map((g) => g.displayName)).toEqual([RD]);
      // The filter is percent-encoded whole: `+` as %2B, a space as %20, the JSON escapes kept.
      const urls = server.requests.map((r) => r.url);
      expect(urls).toContain(`/T%201/scim/v2/Users?filter=userName%20eq%20%22o%5C%22neil%2Btest%201%40acme.test%22&count=100&startIndex=1`);
      expect(urls).toContain(`/T%201/scim/v2/Users?filter=userName%20eq%20%22zo%C3%AB.%C3%A5str%C3%B6m%40acme.test%22&count=100&startIndex=1`);
    } finally {
      await server.close();
    }
  });
});
