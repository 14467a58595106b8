import { describe, expect, it } from 'vitest';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

const TOKEN = 'scim-token-nfc-2a7f';
const env = (url: string): Record<string, string> => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const DECOMPOSED = 'Cafe\u0301';
const COMPOSED = 'Caf\u00e9';

describe('a rename that changes only the Unicode normalisation', () => {
  it('shows both names code point by code point, in the plan and in the apply lines', async () => {
    const seed = scimSeed('tenant-a', TOKEN, [{ userId: 'u-1', loginId: 'ann@corp.example' }], [{ id: 'g-1', display: DECOMPOSED, members: ['u-1'] }]);
    const config = scimConfig('rfc7644', `  tenant-a:
    groups:
      ${COMPOSED}:
        members: [ann@corp.example]
`);
    const { emulator, dir } = await startScenario(seed, config, { membersOnGet: 'filled' });
    const plan = await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url));
    expect(plan.status, plan.stderr).toBe(2);
    expect(plan.stdout).toContain(`group "${COMPOSED}" (renamed from "${DECOMPOSED}"; only the Unicode normalisation changes: "Cafe\\u{301}" to "Caf\\u{E9}")`);
    const apply = await groupform(['apply', '--auto-approve'], dir, env(emulator.url));
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout + apply.stderr).toContain('"Cafe\\u{301}" to "Caf\\u{E9}"');
    expect((emulator.snapshot().tenants['tenant-a']?.groups ?? []).map((g) => g.display)).toEqual([COMPOSED]);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env(emulator.url))).status).toBe(0);
  });
});
