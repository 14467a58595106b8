import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JournalMark, changeKey, type ResumeStep } from '../../../src/saved-plan/resume.js';
import { checkSavedPlan, recheckSafety } from '../../../src/saved-plan/check.js';
import type { BlockedReason, GroupChange, LiveGroup, LiveTenant, SafetyLimits } from '../../../src/model/types.js';
import { checkSafety } from '../../../src/plan/safety.js';
import { fingerprintGroup, fingerprintGroupSet } from '../../../src/plan/fingerprint.js';
import { create, remove, update } from '../../support/changes.js';
import { planOf, tenant } from './fakes.js';

const group = (id: string, name: string, members: string[], externalId?: string): LiveGroup => ({
  id, name, members: members.map((userId) => ({ userId })), ...(externalId === undefined ? {} : { externalId }),
});

// The world at plan time, and the plan computed from it.
const eng = group('g1', 'Eng', ['U1', 'U3']);
const legacy = group('g7', 'Legacy', ['U4']);
const sales = group('g5', 'Sales', ['U1']);
const planned: GroupChange[] = [create('Platform', ['U1']), update('Engineering', 'g1', ['U2'], ['U3'], 'Eng'), remove('Legacy', 'g7', ['U4'])];
const plan = planOf([
  tenant('T1', planned, {
    fingerprints: { g1: fingerprintGroup(eng), g7: fingerprintGroup(legacy), '@groups': fingerprintGroupSet([eng, legacy, sales]) },
  }),
]);
const liveOf = (...groups: LiveGroup[]): LiveTenant[] => [{ tenantId: 'T1', groups, users: [] }];
const [createPlatform, updateEng, deleteLegacy] = planned as [GroupChange, GroupChange, GroupChange];
const marks = (...entries: [GroupChange, JournalMark['state']][]): Map<string, JournalMark> =>
  new Map(entries.map(([change, state]) => [changeKey('T1', change), { state }]));

describe('checkSavedPlan without a journal', () => {
  it('accepts the live state the plan was computed from', () => {
    expect(checkSavedPlan(plan, liveOf(eng, legacy, sales))).toEqual({ stale: [], steps: new Map() });
  });

  it('names every group that moved', () => {
    const { stale } = checkSavedPlan(plan, liveOf(group('g1', 'Eng', ['U1']), sales));
    expect(stale).toEqual([
      'T1: group "Engineering" (g1) changed since the plan (name, externalId or members)',
      'T1: group "Legacy" (g7) no longer exists',
      'T1: its set of groups changed since the plan (a group was created, renamed or deleted, or its externalId changed), which affects the create of "Platform", the rename of "Eng" to "Engineering"',
    ]);
  });

  it('refuses a partly applied state when no journal explains it', () => {
    const partly = liveOf(group('g10', 'Platform', ['U1']), group('g1', 'Engineering', ['U1', 'U2', 'U3']), sales);
    expect(checkSavedPlan(plan, partly).stale).toHaveLength(3);
  });
});

describe('checkSavedPlan resuming from a journal of the same plan', () => {
  it('accepts what the earlier run did and keeps only what is left of each change', () => {
    // Platform created, Eng renamed and U2 added, but U3 not removed yet; Legacy deleted before the done line was written.
    const partly = liveOf(group('g10', 'Platform', ['U1']), group('g1', 'Engineering', ['U1', 'U2', 'U3']), sales);
    const result = checkSavedPlan(plan, partly, marks([createPlatform, 'done'], [updateEng, 'touched'], [deleteLegacy, 'touched']));
    expect(result.stale).toEqual([]);
    expect(result.steps).toEqual(new Map([
      [changeKey('T1', createPlatform), { kind: 'done', reason: 'already done per journal', groupId: 'g10' }],
      [changeKey('T1', updateEng), { kind: 'residual', change: { ...update('Engineering', 'g1', [], ['U3']) } }],
      [changeKey('T1', deleteLegacy), { kind: 'done', reason: 'already done (the group is gone)' }],
    ]));
  });

  it('treats a touched change the live group fully shows as done, and adopts the group a touched create made', () => {
    const live = liveOf(group('g10', 'Platform', []), group('g1', 'Engineering', ['U1', 'U2']), legacy, sales);
    const result = checkSavedPlan(plan, live, marks([createPlatform, 'touched'], [updateEng, 'touched']));
    expect(result.stale).toEqual([]);
    expect(result.steps).toEqual(new Map<string, ResumeStep>([
      [changeKey('T1', createPlatform), { kind: 'residual', change: update('Platform', 'g10', ['U1']), adopted: true }],
      [changeKey('T1', updateEng), { kind: 'done', reason: 'already done (the live group reflects it)' }],
    ]));
  });

  it('still refuses a change someone else made to a group the earlier run touched', () => {
    const live = liveOf(group('g1', 'Engineering', ['U1', 'U2', 'U3', 'U8']), legacy, sales);
    expect(checkSavedPlan(plan, live, marks([updateEng, 'touched'])).stale).toEqual([
      'T1: group "Engineering" (g1) changed since the plan beyond what this plan\'s earlier run did',
    ]);
  });

  it('refuses when what the journal calls done does not show in the live state', () => {
    const live = liveOf(group('g1', 'Engineering', ['U1', 'U3']), legacy, sales);
    expect(checkSavedPlan(plan, live, marks([createPlatform, 'done'], [updateEng, 'done'], [deleteLegacy, 'done'])).stale).toEqual([
      'T1: the journal says group "Platform" was created, but no live group has that name',
      'T1: group "Engineering" (g1): the journal says it was updated, but the live group does not reflect the change',
      'T1: group "Legacy" (g7): the journal says it was deleted, but it still exists',
    ]);
  });

  it('refuses when a group appeared under the name of a create the earlier run never started', () => {
    const live = liveOf(group('g1', 'Engineering', ['U1', 'U2', 'U3']), legacy, sales, group('g11', 'platform', []));
    expect(checkSavedPlan(plan, live, marks([updateEng, 'touched'])).stale).toEqual([
      'T1: a group named "platform" (g11) appeared since the plan, which affects the create of "Platform"',
    ]);
  });

  it('undoes an externalId the earlier run set when the group had none', () => {
    const ops = group('g2', 'Ops', ['U1']);
    const setId: GroupChange = { ...update('Ops', 'g2', ['U2']), externalId: 'ops' } as GroupChange;
    const opsPlan = planOf([tenant('T1', [setId], { fingerprints: { g2: fingerprintGroup(ops) } })]);
    const live = liveOf(group('g2', 'Ops', ['U1'], 'ops'));
    const result = checkSavedPlan(opsPlan, live, marks([setId, 'touched']));
    expect(result.stale).toEqual([]);
    expect(result.steps.get(changeKey('T1', setId))).toEqual({ kind: 'residual', change: update('Ops', 'g2', ['U2']) });
    expect(checkSavedPlan(opsPlan, liveOf(group('g2', 'Ops', ['U1'], 'other')), marks([setId, 'touched'])).stale).toHaveLength(1);
  });
});

describe('checkSavedPlan: a create an earlier run started, whose POST may have gone through', () => {
  const withId = (change: GroupChange, externalId: string): GroupChange => ({ ...change, externalId }) as GroupChange;
  const planFor = (change: GroupChange) => planOf([tenant('T1', [change])]);
  const stepOf = (change: GroupChange, ...groups: LiveGroup[]) => {
    const result = checkSavedPlan(planFor(change), liveOf(...groups), marks([change, 'touched']));
    return { stale: result.stale, step: result.steps.get(changeKey('T1', change)) };
  };
  const adopted = (change: GroupChange): ResumeStep => ({ kind: 'residual', change, adopted: true });

  it.each<[string, GroupChange, LiveGroup[], ResumeStep | undefined]>([
    ['runs as planned when no live group has its name', create('Platform', ['U1']), [group('g2', 'Other', ['U1'])], undefined],
    ['adds the members still missing', create('Platform', ['U1', 'U2']), [group('g10', 'Platform', ['U1'])], adopted(update('Platform', 'g10', ['U2']))],
    ['removes members it did not declare (authoritative)', create('Platform', ['U1']), [group('g10', 'Platform', ['U1', 'U9'])], adopted(update('Platform', 'g10', [], ['U9']))],
    [
      'keeps undeclared members when additive',
      { ...create('Platform', ['U1']), membersMode: 'additive' } as GroupChange,
      [group('g10', 'Platform', ['U9'])],
      adopted({ ...update('Platform', 'g10', ['U1']), membersMode: 'additive' } as GroupChange),
    ],
    ['fixes the case of the name', create('Platform'), [group('g10', 'PLATFORM', [])], adopted(update('Platform', 'g10', [], [], 'PLATFORM'))],
    ['sets its externalId when the group has none', withId(create('Platform'), 'plat'), [group('g10', 'Platform', [])], adopted({ ...update('Platform', 'g10'), externalId: 'plat' } as GroupChange)],
    [
      'is done when the group shows all of it',
      withId(create('Platform', ['U1']), 'plat'),
      [group('g10', 'Platform', ['U1'], 'plat')],
      { kind: 'done', reason: 'already done (adopted the live group g10 an earlier run created)', groupId: 'g10', adopted: true },
    ],
  ])('%s', (_, change, groups, step) => {
    expect(stepOf(change, ...groups)).toEqual({ stale: [], step });
  });

  it.each<[string, GroupChange, LiveGroup[], string]>([
    [
      'a same-named group with another externalId',
      withId(create('Platform'), 'plat'),
      [group('g10', 'Platform', [], 'other')],
      'T1: the create of "Platform" was started by an earlier run, but it cannot tell which live group that made: "Platform" (g10, externalId "other")',
    ],
    [
      'two groups of its name',
      create('Platform'),
      [group('g10', 'Platform', []), group('g11', 'platform', [])],
      'T1: the create of "Platform" was started by an earlier run, but it cannot tell which live group that made: "Platform" (g10), "platform" (g11)',
    ],
    [
      'its externalId on another group than the one of its name',
      withId(create('Platform'), 'plat'),
      [group('g10', 'Platform', []), group('g11', 'Plat', [], 'plat')],
      'T1: the create of "Platform" was started by an earlier run, but it cannot tell which live group that made: "Platform" (g10), "Plat" (g11, externalId "plat")',
    ],
    [
      'its externalId on a group of another name',
      withId(create('Platform'), 'plat'),
      [group('g11', 'Plat', [], 'plat')],
      'T1: a group named "Plat" (g11, externalId "plat") appeared since the plan, which affects the externalId "plat" of the create of "Platform"',
    ],
  ])('refuses %s', (_, change, groups, line) => {
    expect(stepOf(change, ...groups)).toEqual({ stale: [line], step: undefined });
  });

  it('property: an adopted create leaves the live group exactly as the create would have made it', () => {
    const ids = ['U1', 'U2', 'U3', 'U4'];
    fc.assert(
      fc.property(fc.subarray(ids), fc.subarray(ids), fc.constantFrom('authoritative', 'additive'), (declared, live, mode) => {
        const change = { ...create('Platform', declared), membersMode: mode } as GroupChange;
        const { step } = stepOf(change, group('g10', 'Platform', live));
        const members = new Set(live);
        if (step?.kind === 'residual') {
          for (const m of step.change.add) members.add(m.userId);
          for (const m of step.change.remove) members.delete(m.userId);
        }
        const expected = mode === 'authoritative' ? declared : [...new Set([...live, ...declared])];
        expect([...members].sort()).toEqual([...expected].sort());
      }),
    );
  });
});

describe('checkSavedPlan: changes that depend on the set of names and externalIds', () => {
  const ops = group('g2', 'Ops', ['U1']);
  const rename = update('Engineering', 'g1', [], [], 'Eng');
  const setExternalId = { ...update('Ops', 'g2'), externalId: 'ops' } as GroupChange;
  const planFor = (changes: GroupChange[]) =>
    planOf([tenant('T1', changes, { fingerprints: { g1: fingerprintGroup(eng), g2: fingerprintGroup(ops), '@groups': fingerprintGroupSet([eng, ops]) } })]);
  const SET_CHANGED = 'T1: its set of groups changed since the plan (a group was created, renamed or deleted, or its externalId changed), which affects';

  it.each([
    ['a rename, when its new name appeared', [rename], group('g9', 'engineering', []), `${SET_CHANGED} the rename of "Eng" to "Engineering"; now live: "engineering" (g9)`],
    ['a new externalId, when another group took it', [setExternalId], group('g9', 'Other', [], 'ops'), `${SET_CHANGED} the externalId of "Ops"; now live: "Other" (g9)`],
    ['a rename, when any group appeared', [rename], group('g9', 'Unrelated', []), `${SET_CHANGED} the rename of "Eng" to "Engineering"`],
  ])('refuses %s', (_, changes, appeared, line) => {
    expect(checkSavedPlan(planFor(changes), liveOf(eng, ops, appeared)).stale).toEqual([line]);
  });

  it('refuses a rename whose plan lacks the "@groups" fingerprint', () => {
    const bare = planOf([tenant('T1', [rename], { fingerprints: { g1: fingerprintGroup(eng) } })]);
    expect(checkSavedPlan(bare, liveOf(eng, ops)).stale).toEqual(['T1: the plan has no "@groups" fingerprint, which the rename of "Eng" to "Engineering" need']);
  });

  it('accepts the planned-from set, and a changed set when only members change or groups are deleted', () => {
    expect(checkSavedPlan(planFor([rename, setExternalId]), liveOf(eng, ops)).stale).toEqual([]);
    const membersOnly = [update('Eng', 'g1', ['U2']), remove('Ops', 'g2', ['U1'])];
    expect(checkSavedPlan(planFor(membersOnly), liveOf(eng, ops, group('g9', 'New', []))).stale).toEqual([]);
  });

  it('after a partial run, refuses a pending rename or externalId that another group now holds, and accepts its own', () => {
    const both = planFor([rename, setExternalId]);
    const resumed = marks([rename, 'touched']);
    expect(checkSavedPlan(both, liveOf(eng, ops, group('g9', 'Engineering', [])), resumed).stale).toEqual([
      'T1: a group named "Engineering" (g9) appeared since the plan, which affects the rename of "Eng" to "Engineering"',
    ]);
    expect(checkSavedPlan(both, liveOf(eng, ops, group('g9', 'Other', [], 'ops')), resumed).stale).toEqual([
      'T1: a group named "Other" (g9, externalId "ops") appeared since the plan, which affects the externalId "ops" of "Ops"',
    ]);
    // The earlier run renamed Eng itself: the set differs from the plan's, by this plan's own doing.
    const result = checkSavedPlan(both, liveOf(group('g1', 'Engineering', ['U1', 'U3']), ops), resumed);
    expect(result.stale).toEqual([]);
    expect(result.steps.get(changeKey('T1', rename))).toEqual({ kind: 'done', reason: 'already done (the live group reflects it)' });
  });

  it('after a partial run, refuses a create whose externalId another group took', () => {
    const createPlat = { ...create('Platform'), externalId: 'plat' } as GroupChange;
    const withCreate = planFor([createPlat, rename]);
    const live = liveOf(group('g1', 'Engineering', ['U1', 'U3']), ops, group('g9', 'Plat', [], 'plat'));
    expect(checkSavedPlan(withCreate, live, marks([rename, 'done'])).stale).toEqual([
      'T1: a group named "Plat" (g9, externalId "plat") appeared since the plan, which affects the create of "Platform"',
    ]);
  });
});

describe('recheckSafety', () => {
  const limits: SafetyLimits = { maxRemovalPercent: 25, maxGroupDeletePercent: 25 };
  const limitsOf = new Map([['T1', limits]]);
  const users = Array.from({ length: 25 }, (_, i) => `U${i}`);
  const everyone = group('g1', 'Everyone', users);
  const removals = (count: number): GroupChange => update('Everyone', 'g1', [], users.slice(0, count));
  const TOO_MANY: BlockedReason = { code: 'MAX_REMOVALS', message: 'removes 24 of 25 live memberships (96%), over maxRemovalPercent 25' };

  it('blocks what the live state says is over a limit, whatever the file says, and recounts the summary', () => {
    const edited = planOf([tenant('T1', [removals(24)])]);
    edited.summary = { ...edited.summary, membersToRemove: 0, blocked: false };
    const checked = recheckSafety(edited, liveOf(everyone), limitsOf);
    expect(checked.tenants[0]?.blocked).toEqual([TOO_MANY]);
    expect(checked.summary).toEqual({ groupsToCreate: 0, groupsToUpdate: 1, groupsToDelete: 0, membersToAdd: 0, membersToRemove: 24, blocked: true });
  });

  it('blocks too many group deletions', () => {
    const groups = Array.from({ length: 8 }, (_, i) => group(`g${i}`, `G${i}`, []));
    const deletes = groups.slice(0, 3).map((g) => remove(g.name, g.id));
    expect(recheckSafety(planOf([tenant('T1', deletes)]), liveOf(...groups), limitsOf).tenants[0]?.blocked.map((b) => b.code)).toEqual(['MAX_GROUP_DELETES']);
  });

  it('keeps a block the file records even when the live state no longer shows it', () => {
    const saved = planOf([tenant('T1', [removals(5)], { blocked: [{ code: 'MAX_REMOVALS', message: 'removes 5 of 19\u001b[2J' }] })]);
    const checked = recheckSafety(saved, liveOf(everyone), limitsOf);
    expect(checked.tenants[0]?.blocked).toEqual([{ code: 'MAX_REMOVALS', message: 'removes 5 of 19\\u001b[2J (when planned)' }]);
    expect(checked.summary.blocked).toBe(true);
  });

  it('measures a resumed tenant on what is left, so its own earlier removals do not block it', () => {
    // 6 of 25 planned (24%); the earlier run removed 5, so 20 are live: counting all 6 again would read as 30%.
    const change = removals(6);
    const live = liveOf(group('g1', 'Everyone', users.slice(5)));
    const residual: ResumeStep = { kind: 'residual', change: update('Everyone', 'g1', [], ['U5']) };
    const steps = new Map([[changeKey('T1', change), residual]]);
    expect(recheckSafety(planOf([tenant('T1', [change])]), live, limitsOf, steps).summary.blocked).toBe(false);
    expect(recheckSafety(planOf([tenant('T1', [change])]), live, limitsOf).summary.blocked).toBe(true);
    const done = new Map([[changeKey('T1', change), { kind: 'done', reason: 'already done per journal' } as ResumeStep]]);
    expect(recheckSafety(planOf([tenant('T1', [change])]), live, limitsOf, done).tenants[0]?.blocked).toEqual([]);
  });

  it('property: the verdict is the live verdict plus the file\'s, never less', () => {
    const codes: BlockedReason['code'][] = ['MAX_REMOVALS', 'MAX_GROUP_DELETES'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 25 }), fc.subarray(codes), (count, savedCodes) => {
        const change = removals(count);
        const saved = planOf([tenant('T1', [change], { blocked: savedCodes.map((code) => ({ code, message: 'saved' })) })]);
        const checked = recheckSafety(saved, liveOf(everyone), limitsOf);
        const expected = new Set([...checkSafety([change], [everyone], limits).map((b) => b.code), ...savedCodes]);
        expect(new Set(checked.tenants[0]?.blocked.map((b) => b.code))).toEqual(expected);
        expect(checked.summary.blocked).toBe(expected.size > 0);
      }),
    );
  });
});
