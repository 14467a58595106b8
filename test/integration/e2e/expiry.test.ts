import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/model/types.js';
import { descopeConfig, e2eEnv, e2eSeed, groupform, groupsViaSdk, scimWrites, startScenario } from './fixtures.js';

// Expiring memberships end to end over HTTP against the emulator, the clock fixed by --now and GROUPFORM_NOW.
const config = descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    groups:
      Auditors:
        membersMode: additive
        members:
          - {loginId: carol@acme.com, until: 2027-01-31, reason: "audit", ticket: OPS-1}
      Eng:
        members:
          - alice@acme.com
          - {loginId: dave@acme.com, until: 2027-01-25T12:00:00Z, reason: "migration", ticket: OPS-2}
`);

async function planned(now: string): Promise<{ dir: string; env: Record<string, string>; emulator: Awaited<ReturnType<typeof startScenario>>['emulator']; plan: Plan }> {
  const { emulator, dir } = await startScenario(e2eSeed(), config);
  const env = e2eEnv(emulator.url);
  const result = await groupform(['plan', '--tenant', 'T1', '--now', now, '--out', 'plan.json'], dir, env);
  expect(result.status, result.stderr).toBe(0);
  const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Plan;
  return { dir, env, emulator, plan };
}

describe('expiring memberships against the emulator', () => {
  it('lists what lapses within the warning window in the plan, and removes what has lapsed on apply', async () => {
    const { dir, env, emulator, plan } = await planned('2027-01-20');
    expect(plan.asOf).toBe('2027-01-20T00:00:00Z');
    expect(plan.tenants[0]!.changes).toEqual([]);
    expect(plan.tenants[0]!.expiring?.map((e) => `${e.group} ${e.loginId} ${e.until}`)).toEqual([
      'Auditors carol@acme.com 2027-01-31',
      'Eng dave@acme.com 2027-01-25T12:00:00Z',
    ]);
    const text = await groupform(['plan', '--tenant', 'T1', '--now', '2027-01-20'], dir, env);
    expect(text.stdout).toContain('tenant T1, group "Eng": dave@acme.com (U4) until 2027-01-25T12:00:00Z (reason: migration, ticket: OPS-2)');
    const markdown = await groupform(['plan', '--tenant', 'T1', '--now', '2027-01-20', '--format', 'markdown'], dir, env);
    expect(markdown.stdout).toContain('**2 memberships expiring soon (not removed yet):**');

    const apply = await groupform(['apply', '--tenant', 'T1', '--auto-approve'], dir, { ...env, GROUPFORM_NOW: '2027-02-01T00:00:00Z' });
    expect(apply.status, apply.stderr).toBe(0);
    // Eng is authoritative, Auditors additive: both lose the expired member.
    expect(await groupsViaSdk(emulator.url, 'T1')).toMatchObject({ Eng: ['U1'], Auditors: [] });
  });

  it('labels an expired removal in the plan', async () => {
    const { plan } = await planned('2027-01-26');
    expect(plan.tenants[0]!.changes.map((c) => [c.group, c.remove])).toEqual([['Eng', [{ userId: 'U4', loginId: 'dave@acme.com', expired: '2027-01-25T12:00:00Z' }]]]);
  });

  it('refuses a saved plan applied after an expiry passed, naming it, and writes nothing', async () => {
    const { dir, env, emulator } = await planned('2027-01-20');
    const before = emulator.snapshot();
    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve', '--now', '2027-01-26'], dir, env);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toContain('PLAN_EXPIRY_PASSED');
    expect(apply.stderr).toContain('T1, group "Eng": dave@acme.com expired 2027-01-25T12:00:00Z');
    expect(emulator.snapshot()).toEqual(before);
    expect(scimWrites(emulator)).toEqual([]);
    const inTime = await groupform(['apply', '--plan', 'plan.json', '--auto-approve', '--now', '2027-01-21'], dir, env);
    expect(inTime.status, inTime.stderr).toBe(0);
  });

  it('refuses a clock it cannot read', async () => {
    const { dir, env } = await planned('2027-01-20');
    const result = await groupform(['plan', '--now', 'tomorrow'], dir, env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('INVALID_NOW');
  });
});
