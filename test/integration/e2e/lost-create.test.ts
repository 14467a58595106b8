import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { CreateFault } from '../../../src/emulator/options.js';
import { CONVERGED, E2E_CONFIG, e2eEnv, e2eSeed, groupform, groupsViaSdk, scimConfig, scimSeed, startScenario } from './fixtures.js';

// A create whose answer is lost (--create-faults N:KIND) is settled on the same run where the server allows it.

const creates = (emulator: RunningEmulator, route: string): number => emulator.stats().routes[route] ?? 0;

/** The tenant's group names, each as often as the emulator holds it. */
const names = (emulator: RunningEmulator, tenantId: string): string[] => (emulator.snapshot().tenants[tenantId]?.groups ?? []).map((g) => g.display).sort();

describe('descope: a create whose answer is lost converges in one apply', () => {
  const lagging = { consistencyLagMs: 300, omitEmpty: true };

  it.each<[string, CreateFault['fault']]>([
    ['made, the answer lost (reset after acting): adopted', 'reset-after'],
    ['answered 500 before acting: not found, sent again', '500'],
    ['reset before acting: not found, sent again', 'reset'],
  ])('%s', async (_, fault) => {
    const { emulator, dir } = await startScenario(e2eSeed(), E2E_CONFIG, { ...lagging, createFaults: [{ nth: 1, fault }] });
    const env = e2eEnv(emulator.url);
    const apply = await groupform(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    expect(apply.stdout).toContain('Apply complete: 1 group created');
    expect(creates(emulator, 'POST /scim/v2/Groups')).toBe(fault === 'reset-after' ? 1 : 2);
    // groupsViaSdk throws on a duplicate name.
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    const again = await groupform(['plan', '--detailed-exitcode'], dir, env);
    expect(again.status, again.stdout + again.stderr).toBe(0);
  });
});

const TOKEN = 'scim-token-lost-7c1d';
const users = [
  { userId: 'u1', loginId: 'alice@corp.example' },
  { userId: 'u2', loginId: 'bob@corp.example' },
];
const SCIM_TENANT = `  t1:
    groups:
      Platform:
        externalId: platform
        members: [alice@corp.example, bob@corp.example]
`;
const scimEnv = (url: string) => ({ SCIM_BASE_URL: url, SCIM_TOKEN: TOKEN });
const SCIM_CREATE = 'POST /{tenantId}/scim/v2/Groups';

describe('scim: a create whose answer is lost', () => {
  it.each<[string, 'rfc7644' | 'aws', CreateFault['fault'], number]>([
    ['is adopted on the same run once the lookup finds it (rfc7644, made but unanswered)', 'rfc7644', 'reset-after', 1],
    ['is sent again where the server refuses a second group of a name (aws: 409), and converges in one apply', 'aws', '500', 2],
  ])('%s', async (_, profile, fault, posts) => {
    const { emulator, dir } = await startScenario(scimSeed('t1', TOKEN, users), scimConfig(profile, SCIM_TENANT), { profile, createFaults: [{ nth: 1, fault }] });
    const apply = await groupform(['apply', '--auto-approve'], dir, scimEnv(emulator.url));
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    expect(creates(emulator, SCIM_CREATE)).toBe(posts);
    expect(names(emulator, 't1')).toEqual(['Platform']);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, scimEnv(emulator.url))).status).toBe(0);
  });

  it('is not sent again where a second group of the name could be made (rfc7644): CREATE_UNCERTAIN, and the next run creates it', async () => {
    const { emulator, dir } = await startScenario(scimSeed('t1', TOKEN, users), scimConfig('rfc7644', SCIM_TENANT), { createFaults: [{ nth: 1, fault: '500' }] });
    const apply = await groupform(['apply', '--auto-approve'], dir, scimEnv(emulator.url));
    expect(apply.status).toBe(1);
    expect(apply.stderr).toContain('CREATE_UNCERTAIN');
    expect(apply.stderr).toContain('this server may accept a second group of the same name, so the create is not sent again');
    expect(creates(emulator, SCIM_CREATE)).toBe(1);
    const again = await groupform(['apply', '--auto-approve'], dir, scimEnv(emulator.url));
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(names(emulator, 't1')).toEqual(['Platform']);
  });
});
