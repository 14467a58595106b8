import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { descopeConfig, e2eEnv, e2eSeed, groupform, groupsViaSdk, scimAsAnotherAdmin, SCIM_KEYS, startScenario } from './fixtures.js';

const CONFIG = descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    groups:
      Platform:
        members: [alice@acme.com, carol@acme.com]
`);
const CREATE_ROUTE = 'POST /scim/v2/Groups';

/** The POST an earlier, killed run sent: it reached the server, but the run died before recording `done`. */
async function createAsTheKilledRunDid(emulator: RunningEmulator, members: string[]): Promise<string> {
  const created = await scimAsAnotherAdmin(emulator, SCIM_KEYS.T1, 'POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName: 'Platform',
    members: members.map((value) => ({ value })),
  });
  return (created as { id: string }).id;
}

/** What the journal holds when the run was killed right after its `started` line was fsync'd. */
async function journalStartedCreate(dir: string): Promise<void> {
  const { planId } = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as { planId: string };
  const line = { planId, tenant: 'T1', action: 'create', group: 'Platform', status: 'started', at: new Date().toISOString() };
  await writeFile(join(dir, 'plan.json.journal.jsonl'), `${JSON.stringify(line)}\n`);
}

const creates = (emulator: RunningEmulator): number => emulator.stats().routes[CREATE_ROUTE] ?? 0;

describe('resuming a saved plan whose create an earlier run started', () => {
  it('adopts the group that run made: no second POST, the missing members added, and the state converges', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), CONFIG);
    const env = e2eEnv(emulator.url);
    const plan = await groupform(['plan', '--out', 'plan.json'], dir, env);
    expect(plan.status, plan.stderr).toBe(0);
    // The killed run's POST carried only alice; carol was to follow by PATCH.
    const id = await createAsTheKilledRunDid(emulator, ['U1']);
    await journalStartedCreate(dir);
    const postsBefore = creates(emulator);

    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(creates(emulator)).toBe(postsBefore);
    // Only what the create still lacked, as an update of the adopted group.
    expect(apply.stderr).toContain('✓ T1 update group "Platform" (+1 member) (adopted the existing group)');

    const groups = await groupsViaSdk(emulator.url, 'T1');
    expect(groups.Platform).toEqual(['U1', 'U3']);
    const again = await groupform(['plan', '--detailed-exitcode'], dir, env);
    expect(again.status, again.stdout + again.stderr).toBe(0);
    // Still the group the killed run made, and the only one of that name (groupsViaSdk throws on duplicates).
    const ids = (emulator.snapshot().tenants.T1?.groups ?? []).filter((g) => g.display === 'Platform').map((g) => g.id);
    expect(ids).toEqual([id]);
  });

  it('performs the create as planned when the earlier run\'s POST never arrived', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), CONFIG);
    const env = e2eEnv(emulator.url);
    expect((await groupform(['plan', '--out', 'plan.json'], dir, env)).status).toBe(0);
    await journalStartedCreate(dir);

    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(creates(emulator)).toBe(1);
    expect((await groupsViaSdk(emulator.url, 'T1')).Platform).toEqual(['U1', 'U3']);
    expect((await groupform(['plan', '--detailed-exitcode'], dir, env)).status).toBe(0);
  });
});
