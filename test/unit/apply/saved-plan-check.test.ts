import { describe, expect, it } from 'vitest';
import { type JournalMark, changeKey } from '../../../src/apply/resume.js';
import { checkSavedPlan } from '../../../src/apply/saved-plan-check.js';
import type { GroupChange, LiveGroup, LiveTenant } from '../../../src/model/types.js';
import { fingerprintGroup, fingerprintGroupSet } from '../../../src/plan/fingerprint.js';
import { create, planOf, remove, tenant, update } from './fakes.js';

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
      'T1: its set of groups changed since the plan (a group was created, renamed or deleted), which affects the creates of "Platform"',
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

  it('treats a touched change the live group fully shows as done, and re-runs a touched create (the provider adopts)', () => {
    const live = liveOf(group('g10', 'Platform', []), group('g1', 'Engineering', ['U1', 'U2']), legacy, sales);
    const result = checkSavedPlan(plan, live, marks([createPlatform, 'touched'], [updateEng, 'touched']));
    expect(result.stale).toEqual([]);
    expect(result.steps).toEqual(new Map([[changeKey('T1', updateEng), { kind: 'done', reason: 'already done (the live group reflects it)' }]]));
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
      'T1: a group named "platform" appeared since the plan, which affects the create of "Platform"',
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
