import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDesiredFromTexts } from '../../../src/config/index.js';
import { DiagnosticsError } from '../../../src/errors.js';
import type { DesiredTenant, Plan } from '../../../src/model/types.js';
import { provider } from '../config/support.js';
import { liveGroup, liveTenant, planOne } from '../plan/builders.js';
import { shuffle } from '../../support/shuffle.js';

// Random configs of sets, templates and derived groups, checked against a model written independently below.
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin'].map((name) => `${name}@acme.com`);

interface Entries {
  people: string[];
  sets: number[];
}
interface Spec {
  sets: Entries[];
  /** Group i may include only groups before it, and a set only sets before it: the spec has no cycle. */
  groups: { members: Entries; include: number[]; exclude: Entries; inTemplate: boolean }[];
}

const entries = (sets: number): fc.Arbitrary<Entries> =>
  fc.record({ people: fc.subarray(PEOPLE), sets: sets === 0 ? fc.constant([]) : fc.subarray([...Array(sets).keys()]) });

const spec: fc.Arbitrary<Spec> = fc.integer({ min: 0, max: 4 }).chain((setCount) =>
  fc.integer({ min: 1, max: 4 }).chain((groupCount) =>
    fc.record({
      sets: fc.tuple(...[...Array(setCount).keys()].map((i) => entries(i))) as fc.Arbitrary<Entries[]>,
      groups: fc.tuple(
        ...[...Array(groupCount).keys()].map((i) =>
          fc.record({ members: entries(setCount), include: i === 0 ? fc.constant([]) : fc.subarray([...Array(i).keys()]), exclude: entries(setCount), inTemplate: fc.boolean() }),
        ),
      ) as fc.Arbitrary<Spec['groups']>,
    }),
  ),
);

/** The members each group must end with, by the rules as the README states them. */
function model(s: Spec): string[][] {
  const setMembers: Set<string>[] = [];
  const flatten = (e: Entries): Set<string> => new Set([...e.people, ...e.sets.flatMap((i) => [...setMembers[i]!])]);
  s.sets.forEach((e) => setMembers.push(flatten(e)));
  const groups: Set<string>[] = [];
  for (const g of s.groups) {
    const all = new Set([...flatten(g.members), ...g.include.flatMap((i) => [...groups[i]!])]);
    for (const out of flatten(g.exclude)) all.delete(out);
    groups.push(all);
  }
  return groups.map((g) => [...g].sort());
}

const list = (e: Entries, seed: number): string => `[${shuffle([...e.people, ...e.sets.map((i) => `{set: s${i}}`)], seed).join(', ')}]`;

function expandedYaml(s: Spec, seed: number, extraSetLines: string[] = []): string {
  const setLines = shuffle(s.sets.map((e, i) => `  s${i}: ${list(e, seed + i)}`).concat(extraSetLines), seed);
  const groupLine = (i: number): string => {
    const g = s.groups[i]!;
    const include = g.include.length === 0 ? '' : `, include: [${shuffle(g.include.map((j) => `g${j}`), seed + i).join(', ')}]`;
    const exclude = g.exclude.people.length + g.exclude.sets.length === 0 ? '' : `, exclude: ${list(g.exclude, seed + 7 * i)}`;
    return `      g${i}: {members: ${list(g.members, seed + 3 * i)}${include}${exclude}}`;
  };
  const order = shuffle([...s.groups.keys()], seed);
  const own = order.filter((i) => !s.groups[i]!.inTemplate).map(groupLine);
  const templated = order.filter((i) => s.groups[i]!.inTemplate).map((i) => `  ${groupLine(i)}`);
  return `${provider}${setLines.length === 0 ? '' : `sets:\n${setLines.join('\n')}\n`}templates:
  tpl:
    groups:${templated.length === 0 ? ' {}' : `\n${templated.join('\n')}`}
tenants:
  T1:
    use: [tpl]
    groups:${own.length === 0 ? ' {}' : `\n${own.join('\n')}`}
`;
}

function handWrittenYaml(s: Spec): string {
  const groups = model(s).map((members, i) => `      g${i}: {members: [${members.join(', ')}]}`);
  return `${provider}tenants:\n  T1:\n    groups:\n${groups.join('\n')}\n`;
}

const tenantOf = (text: string): DesiredTenant => loadDesiredFromTexts([{ file: 'c.yaml', text }], {}).tenants[0]!;
const membersOf = (tenant: DesiredTenant): Record<string, string[]> =>
  Object.fromEntries(tenant.groups.map((g) => [g.name, (g.members ?? []).map((m) => ('loginId' in m ? m.loginId : m.userId)).sort()]));
const withVia = (tenant: DesiredTenant): Record<string, string[]> =>
  Object.fromEntries(tenant.groups.map((g) => [g.name, (g.members ?? []).map((m) => `${'loginId' in m ? m.loginId : m.userId} ${[...(m.via ?? [])].sort().join('|')}`).sort()]));
/** The plan without provenance, which is for reading only. */
const withoutVia = (plan: Plan): unknown => JSON.parse(JSON.stringify(plan, (key, value: unknown) => (key === 'via' ? undefined : value)));

// Live groups for g0..g3 with members in various states, and one more group nobody declares.
const live = liveTenant([liveGroup('l0', 'g0', ['U1', 'U4']), liveGroup('l1', 'g1', []), liveGroup('l2', 'g2', ['U2', 'U3', 'U5']), liveGroup('l9', 'Other', ['U1'])]);

describe('expansion properties', () => {
  it('expands to the members the rules give, whatever order sets, groups and entries are written in', () => {
    fc.assert(
      fc.property(spec, fc.nat(), fc.nat(), (s, seedA, seedB) => {
        const a = tenantOf(expandedYaml(s, seedA));
        const b = tenantOf(expandedYaml(s, seedB));
        expect(withVia(a)).toEqual(withVia(b));
        expect(membersOf(a)).toEqual(Object.fromEntries(model(s).map((m, i) => [`g${i}`, m])));
      }),
      { numRuns: 200 },
    );
  });

  it('plans an expanded config exactly as the same config written out by hand', () => {
    fc.assert(
      fc.property(spec, fc.nat(), (s, seed) => {
        const expanded = planOne(tenantOf(expandedYaml(s, seed)), live);
        const written = planOne(tenantOf(handWrittenYaml(s)), live);
        expect(expanded.diagnostics).toEqual(written.diagnostics);
        expect(withoutVia(expanded.plan)).toEqual(withoutVia(written.plan));
        expect(expanded.plan.planId).toBe(written.plan.planId);
      }),
      { numRuns: 200 },
    );
  });

  it('always reports a cycle through sets, naming every set in it, and never loops', () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 4 }), fc.nat(), (s, length, seed) => {
        // Cycle sets c0 -> c1 -> ... -> c0, used by the first group, beside the acyclic sets of the spec.
        const cycle = [...Array(length).keys()].map((i) => `  c${i}: [{set: c${(i + 1) % length}}, alice@acme.com]`);
        const text = expandedYaml(s, seed, cycle).replace(/( {6}g0: \{members: \[)/, '$1{set: c0}, ');
        let error: unknown;
        try {
          tenantOf(text);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(DiagnosticsError);
        const cycles = (error as DiagnosticsError).diagnostics.filter((d) => d.code === 'SET_CYCLE');
        expect(cycles.length).toBeGreaterThan(0);
        for (let i = 0; i < length; i++) expect(cycles[0]!.message).toContain(`c${i}`);
      }),
      { numRuns: 150 },
    );
  });

  it('always reports a cycle through included groups', () => {
    fc.assert(
      fc.property(spec, fc.nat(), (s, seed) => {
        // The last group includes the first, and the first now includes the last.
        const last = s.groups.length - 1;
        const cyclic: Spec = { ...s, groups: s.groups.map((g, i) => (i === 0 ? { ...g, include: [last] } : i === last ? { ...g, include: [...new Set([...g.include, 0])] } : g)) };
        let error: unknown;
        try {
          tenantOf(expandedYaml(cyclic, seed));
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(DiagnosticsError);
        expect((error as DiagnosticsError).diagnostics.map((d) => d.code)).toContain('GROUP_CYCLE');
      }),
      { numRuns: 150 },
    );
  });
});
