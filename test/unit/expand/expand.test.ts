import { describe, expect, it } from 'vitest';
import { loadDesiredFromTexts } from '../../../src/config/index.js';
import { DiagnosticsError, type Diagnostic } from '../../../src/errors.js';
import type { DesiredState, DesiredTenant } from '../../../src/model/types.js';
import { provider } from '../config/support.js';

function load(texts: string | Record<string, string>): DesiredState {
  const files = typeof texts === 'string' ? [{ file: 'c.yaml', text: provider + texts }] : Object.entries(texts).map(([file, text]) => ({ file, text }));
  return loadDesiredFromTexts(files, {});
}

function rejected(texts: string | Record<string, string>): Diagnostic[] {
  try {
    load(texts);
  } catch (error) {
    if (error instanceof DiagnosticsError) return [...error.diagnostics];
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const placed = (d: Diagnostic): string => `${d.file}:${d.line}:${d.column} ${d.code}`;

/** group name -> its members as `login`/`#userId`, with ` via ...` when reached through references. */
function members(tenant: DesiredTenant | undefined): Record<string, string[] | null> {
  const out: Record<string, string[] | null> = {};
  for (const group of tenant?.groups ?? []) {
    out[group.name] = group.members?.map((m) => `${'loginId' in m ? m.loginId : `#${m.userId}`}${m.via === undefined ? '' : ` via ${m.via.join(', ')}`}`) ?? null;
  }
  return out;
}

const SHAPE = `sets:
  support: [alice@acme.com, {userId: U2bob}]
  leads: [{set: support}, carol@acme.com]
  contractors: [erin@acme.com]
templates:
  standard:
    groups:
      Support: {members: [{set: support}]}
      Leads:   {members: [{set: leads}]}
tenants:
  T2acme:
    use: [standard]
    groups:
      Everyone:
        include: [Support, Leads]
        members: [dave@acme.com, erin@acme.com]
        exclude: [alice@acme.com, {set: contractors}]
`;

describe('expansion of sets, templates and derived groups', () => {
  it('expands the shape of the issue, saying where each member came from', () => {
    const desired = load(SHAPE);
    expect(members(desired.tenants[0])).toEqual({
      Everyone: ['carol@acme.com via group Leads > set leads', 'dave@acme.com', '#U2bob via group Leads > set leads > set support, group Support > set support'],
      Leads: ['alice@acme.com via set leads > set support', 'carol@acme.com via set leads', '#U2bob via set leads > set support'],
      Support: ['alice@acme.com via set support', '#U2bob via set support'],
    });
    const tenant = desired.tenants[0]!;
    expect(tenant.templates).toEqual([{ name: 'standard', by: 'use', groups: ['Leads', 'Support'], overridden: [] }]);
    expect(tenant.groups.find((g) => g.name === 'Support')?.template).toBe('standard');
    expect(tenant.groups.find((g) => g.name === 'Everyone')?.overlaps).toEqual([
      { member: 'user id U2bob', routes: ['group Leads > set leads > set support', 'group Support > set support'] },
    ]);
  });

  it('places a member from a set at the set line', () => {
    const support = load(SHAPE).tenants[0]!.groups.find((g) => g.name === 'Support')!;
    expect(support.members?.[0]?.at).toEqual({ file: 'c.yaml', line: 6, column: 13 });
  });

  it('reads sets and templates from any file of the config set', () => {
    const desired = load({
      'a.yaml': `${provider}tenants:\n  T1: {use: [std]}\n`,
      'b.yaml': 'sets:\n  ops: [olga@acme.com]\n',
      'c.yaml': 'templates:\n  std:\n    groups:\n      Ops: {members: [{set: ops}]}\n',
    });
    expect(members(desired.tenants[0])).toEqual({ Ops: ['olga@acme.com via set ops'] });
  });

  it('lets a tenant override a template group and settings, and applies templates by tenant glob', () => {
    const desired = load(`sets:
  ops: [olga@acme.com]
templates:
  std:
    tenants: ['T2*']
    members: additive
    unmanagedGroups: delete
    safety: {maxRemovalPercent: 10}
    groups:
      Ops: {members: [{set: ops}]}
      Audit: {}
tenants:
  T2a:
    groups:
      Ops: {members: [pat@acme.com]}
  T2b:
    members: authoritative
    groups: {}
  T3c:
    groups: {}
`);
    const [a, b, c] = desired.tenants;
    expect(members(a)).toEqual({ Audit: null, Ops: ['pat@acme.com'] });
    expect(a?.templates).toEqual([{ name: 'std', by: 'tenants: T2*', groups: ['Audit'], overridden: ['Ops'] }]);
    expect(a?.groups.find((g) => g.name === 'Ops')).toMatchObject({ membersMode: 'additive' });
    expect(a?.unmanagedGroups).toBe('delete');
    expect(a?.safety).toEqual({ maxRemovalPercent: 10, maxGroupDeletePercent: 25 });
    expect(b?.groups.find((g) => g.name === 'Ops')).toMatchObject({ membersMode: 'authoritative' });
    expect(members(c)).toEqual({});
  });

  it('does not treat a person reached by two routes as a duplicate', () => {
    const desired = load(`sets:
  a: [alice@acme.com]
  b: [ALICE@acme.com, bob@acme.com]
tenants:
  T1:
    groups:
      G: {members: [alice@acme.com, {set: a}, {set: b}]}
`);
    expect(members(desired.tenants[0])).toEqual({ G: ['alice@acme.com', 'bob@acme.com via set b'] });
    expect(desired.tenants[0]?.groups[0]?.overlaps).toEqual([{ member: 'alice@acme.com', routes: ['listed in members', 'set a', 'set b'] }]);
  });

  it('shares one member list between the groups that hold only the same set', () => {
    const desired = load(`sets:
  s: [a@acme.com]
tenants:
  T1: {groups: {A: {members: [{set: s}]}, B: {members: [{set: s}]}}}
  T2: {groups: {C: {members: [{set: s}]}}}
`);
    const lists = desired.tenants.flatMap((t) => t.groups.map((g) => g.members));
    expect(new Set(lists).size).toBe(1);
  });

  it('a group with only exclude or include manages its members', () => {
    const desired = load(`tenants:
  T1:
    groups:
      All: {members: [a@acme.com, b@acme.com]}
      NotB: {include: [all], exclude: [B@acme.com]}
      Nobody: {exclude: [a@acme.com]}
`);
    expect(members(desired.tenants[0])).toEqual({ All: ['a@acme.com', 'b@acme.com'], Nobody: [], NotB: ['a@acme.com via group All'] });
  });
});

describe('reference errors at their places', () => {
  it('reports unknown sets, templates and groups where they are named', () => {
    const found = rejected(`sets:
  s: [{set: nope}]
templates:
  t:
    groups:
      G: {include: [Missing]}
tenants:
  T1: {use: [t, other], groups: {}}
  T2: {use: [t]}
`);
    expect(found.map(placed)).toEqual(['c.yaml:6:7 SET_UNKNOWN', 'c.yaml:10:21 GROUP_UNKNOWN', 'c.yaml:12:17 TEMPLATE_UNKNOWN']);
    expect(found[1]?.message).toBe(
      'include names "Missing", which is not a group of tenant T1 (nor of 1 more tenant using it); include takes groups of the same tenant (its own or from its templates)',
    );
    expect(found[0]?.message).toBe('unknown set "nope"; declared sets: "s"');
  });

  it('names every place of a set cycle, once, whichever set is reached first', () => {
    const found = rejected(`sets:
  a: [{set: b}]
  b: [x@acme.com, {set: c}]
  c: [{set: a}]
tenants:
  T1: {groups: {G: {members: [{set: c}]}, H: {members: [{set: a}]}}}
`);
    expect(found.map(placed)).toEqual(['c.yaml:6:7 SET_CYCLE']);
    expect(found[0]?.message).toBe(
      'sets refer to each other in a cycle: set "a" holds {set: b} at c.yaml:6:7, set "b" holds {set: c} at c.yaml:7:19, set "c" holds {set: a} at c.yaml:8:7; a set may not contain itself',
    );
  });

  it('names every place of a group include cycle, also through a template', () => {
    const found = rejected(`templates:
  t:
    groups:
      A: {include: [B]}
tenants:
  T1:
    use: [t]
    groups:
      B: {include: [C]}
      C: {include: [a]}
      D: {include: [D]}
`);
    expect(found.map((d) => `${placed(d)} ${d.message}`)).toEqual([
      'c.yaml:8:21 GROUP_CYCLE tenant T1: groups include each other in a cycle: "A" includes "B" at c.yaml:8:21, "B" includes "C" at c.yaml:13:21, "C" includes "A" at c.yaml:14:21; a group may not include itself',
      'c.yaml:15:21 GROUP_CYCLE tenant T1: groups include each other in a cycle: "D" includes "D" at c.yaml:15:21; a group may not include itself',
    ]);
  });

  it('refuses to include a group whose membership is unmanaged, duplicate names and conflicting templates', () => {
    const found = rejected(`sets:
  s: []
templates:
  x: {members: additive, groups: {G: {}}}
  y: {members: authoritative, groups: {g: {}}}
tenants:
  T1:
    use: [x, y]
    groups:
      A: {include: [B]}
      B:
`);
    expect(found.map(placed)).toEqual([
      'c.yaml:11:3 TEMPLATE_CONFLICT',
      'c.yaml:11:3 TEMPLATE_CONFLICT',
      'c.yaml:14:21 INCLUDE_UNMANAGED',
    ]);
    expect(rejected('sets:\n  s: []\nsets2: 1\n').map(placed)).toContain('c.yaml:7:1 UNKNOWN_KEY');
    expect(rejected({ 'a.yaml': `${provider}sets:\n  s: []\ntenants: {}\n`, 'b.yaml': 'sets:\n  s: [a@acme.com, A@acme.com]\n' }).map(placed)).toEqual([
      'b.yaml:2:3 SET_DUPLICATE',
      'b.yaml:2:19 MEMBER_DUPLICATE',
    ]);
  });

  it('a tenant with no groups from anywhere still misses its groups', () => {
    expect(rejected('tenants:\n  T1: {}\n').map(placed)).toEqual(['c.yaml:6:3 MISSING_KEY']);
  });
});
