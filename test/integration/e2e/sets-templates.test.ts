import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/model/types.js';
import { descopeConfig, e2eEnv, e2eSeed, groupform, groupsViaSdk, startScenario } from './fixtures.js';

// Sets, a template, a local override and a derived group (include + exclude), planned and applied over HTTP.
const config = `sets:
  support: [alice@acme.com, {userId: U2}]
  leads: [{set: support}, carol@acme.com]
  contractors: [erin@acme.com]
templates:
  standard:
    groups:
      Eng: {members: [{set: support}]}
      Leads: {members: [{set: leads}]}
      Auditors: {members: [{set: support}]}
${descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    use: [standard]
    groups:
      Auditors: {members: [carol@acme.com]}
      Everyone:
        include: [Eng, Leads]
        members: [dave@acme.com, erin@acme.com]
        exclude: [alice@acme.com, {set: contractors}]
`)}`;

describe('sets, templates and derived groups against the emulator', () => {
  it('plans the expanded groups exactly, saying via what, and converges after one apply', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), config);
    const env = e2eEnv(emulator.url);
    const result = await groupform(['plan', '--tenant', 'T1', '--out', 'plan.json'], dir, env);
    expect(result.status, result.stderr).toBe(0);
    const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Plan;
    const summary = plan.tenants[0]!.changes.map((c) => [c.action, c.group, c.add.map((m) => `${m.loginId}${m.via === undefined ? '' : ` via ${m.via.join(', ')}`}`), c.remove.map((m) => m.loginId)]);
    expect(summary).toEqual([
      ['create', 'Everyone', ['bob@acme.com via group Eng > set support, group Leads > set leads > set support', 'carol@acme.com via group Leads > set leads', 'dave@acme.com'], []],
      ['create', 'Leads', ['alice@acme.com via set leads > set support', 'bob@acme.com via set leads > set support', 'carol@acme.com via set leads'], []],
      ['update', 'Eng', ['bob@acme.com via set support'], ['dave@acme.com']],
    ]);
    const text = await groupform(['plan', '--tenant', 'T1'], dir, env);
    expect(text.stdout).toContain('+ bob@acme.com (U2) via set support\n    - dave@acme.com (U4)');
    const markdown = await groupform(['plan', '--tenant', 'T1', '--format', 'markdown'], dir, env);
    expect(markdown.stdout).toContain('via set leads > set support');

    const apply = await groupform(['apply', '--plan', 'plan.json', '--auto-approve'], dir, env);
    expect(apply.status, apply.stderr).toBe(0);
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual({
      Auditors: ['U3'],
      Eng: ['U1', 'U2'],
      Everyone: ['U2', 'U3', 'U4'],
      Leads: ['U1', 'U2', 'U3'],
      Legacy: ['U2'],
      'SSO Admins': ['U3'],
    });
    const again = await groupform(['plan', '--tenant', 'T1', '--detailed-exitcode'], dir, env);
    expect(again.status, again.stdout + again.stderr).toBe(0);
  });

  it('gives a set refactor that changes no membership the same planId, though the routes differ', async () => {
    const { emulator, dir } = await startScenario(e2eSeed(), config);
    const env = e2eEnv(emulator.url);
    const plan = async (): Promise<Plan> => {
      const result = await groupform(['plan', '--tenant', 'T1', '--format', 'json'], dir, env);
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Plan;
    };
    const before = await plan();
    // leads written out by hand, support split in two: every group keeps the same members.
    const refactored = config
      .replace('  support: [alice@acme.com, {userId: U2}]\n', '  support: [{set: alice}, {userId: U2}]\n  alice: [alice@acme.com]\n')
      .replace('  leads: [{set: support}, carol@acme.com]', '  leads: [alice@acme.com, {userId: U2}, carol@acme.com]');
    await writeFile(join(dir, 'groupform.yaml'), refactored);
    const after = await plan();
    const leads = (p: Plan): string[] | undefined => p.tenants[0]!.changes.find((c) => c.group === 'Leads')?.add.map((m) => m.via?.join(', ') ?? '');
    expect(leads(before)).toEqual(['set leads > set support', 'set leads > set support', 'set leads']);
    expect(leads(after)).toEqual(['set leads', 'set leads', 'set leads']);
    expect(after.planId).toBe(before.planId);
  });
});
