import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../emulator/helpers.js';
import { groupform, scimConfig, scimSeed, startScenario } from './fixtures.js';

// A server answers with names and ids holding line breaks: printed raw, each would start a line of its own that
// reads like a planned change.
const TOKEN = 'tok-forged-0123456789';
const FORGED = /^\s*[-+~]?\s*forged/m;

function seed() {
  return scimSeed(
    'T1',
    TOKEN,
    [
      { userId: 'U1', loginId: 'alice@acme.com' },
      { userId: 'U2\n+ forged user', loginId: 'mallory@acme.com\n+ forged login' },
    ],
    [
      { id: 'g1', display: 'Eng\n+ forged line', members: ['U1', 'U2\n+ forged user'] },
      { id: 'g2\n- forged id', display: 'Legacy\n~ forged delete', members: ['U2\n+ forged user'] },
      { id: 'g3', display: 'Ops', members: ['U2\n+ forged user'] },
    ],
  );
}

const config = scimConfig(
  'rfc7644',
  `  T1:
    unmanagedGroups: delete
    safety: {maxRemovalPercent: 100, maxGroupDeletePercent: 100}
    groups:
      Ops:
        members: [alice@acme.com]
`,
);

function expectNoForgedLine(output: string): void {
  expect(output).not.toMatch(FORGED);
}

describe('names and ids from a server never forge output lines', () => {
  it('plan (text, markdown), show, approvers and apply print them escaped', async () => {
    const { emulator, dir } = await startScenario(seed(), config, { profile: 'rfc7644' });
    const env = { SCIM_BASE_URL: emulator.url, SCIM_TOKEN: TOKEN };
    const text = await groupform(['plan'], dir, env);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('- group "Eng\\u000a+ forged line"');
    expect(text.stdout).toContain('- mallory@acme.com\\u000a+ forged login (U2\\u000a+ forged user)');
    expect(text.stdout).toContain('- group "Legacy\\u000a~ forged delete"');
    for (const args of [['plan', '--format', 'markdown'], ['plan', '--out', 'plan.json'], ['show', 'plan.json'], ['approvers', '--plan', 'plan.json'], ['plan', '--debug']]) {
      const result = await groupform(args, dir, env);
      expect(result.status, args.join(' ')).toBe(0);
      expectNoForgedLine(result.stdout + result.stderr);
    }
    const applied = await groupform(['apply', '--auto-approve'], dir, env);
    expect(applied.status).toBe(0);
    expect(applied.stderr).toContain('T1 delete group "Eng\\u000a+ forged line" (-2 members)');
    expectNoForgedLine(applied.stdout + applied.stderr);
  });

  it('an error that lists groups (a saved plan gone stale) escapes each name', async () => {
    const { emulator, dir } = await startScenario(seed(), config, { profile: 'rfc7644' });
    const env = { SCIM_BASE_URL: emulator.url, SCIM_TOKEN: TOKEN };
    expect((await groupform(['plan', '--out', 'plan.json'], dir, env)).status).toBe(0);
    // Another admin changes the group the plan deletes.
    const patched = await call(emulator, 'PATCH', '/T1/scim/v2/Groups/g1', {
      token: TOKEN,
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove', path: 'members[value eq "U1"]' }] },
    });
    expect(patched.status).toBeLessThan(300);
    const stale = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('error PLAN_STALE');
    expect(stale.stderr).toContain('Eng\\u000a+ forged line');
    expectNoForgedLine(stale.stderr);
  });

  it('import writes no forged YAML: such groups stay unmanaged, named escaped in a comment', async () => {
    const { emulator, dir } = await startScenario(seed(), config, { profile: 'rfc7644' });
    const env = { SCIM_BASE_URL: emulator.url, SCIM_TOKEN: TOKEN };
    await writeFile(join(dir, 'groupform.yaml'), scimConfig('rfc7644', '  {}\n').replace('tenants:\n  {}\n', ''));
    const imported = await groupform(['import', 'groupform.yaml', '--tenant', 'T1', '--out', 'T1.yaml'], dir, env);
    expect(imported.stderr).toBe('Imported 1 tenant, 1 group, 0 members to T1.yaml (2 live groups left out, see the comments).\n');
    expect(imported.status).toBe(0);
    const written = await readFile(join(dir, 'T1.yaml'), 'utf8');
    expectNoForgedLine(written);
    expect(written).toContain('# Left out "Eng\\u000a+ forged line": its name or externalId holds control characters');
    // Ops keeps its place, its membership unmanaged: its member can only be named by a user id a config cannot hold.
    expect(written).toMatch(/ {6}Ops: \{\}\n/);
    const plan = await groupform(['plan', '.', '--detailed-exitcode'], dir, env);
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
  });
});
