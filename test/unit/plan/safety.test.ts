import { describe, expect, it } from 'vitest';
import type { GroupChange, LiveGroup, PlanMember } from '../../../src/model/types.js';
import { checkSafety } from '../../../src/plan/safety.js';
import { desiredGroup, desiredTenant, liveGroup, liveTenant, planFor } from './builders.js';

const limits = { maxRemovalPercent: 25, maxGroupDeletePercent: 25 };

/** `groups` live groups holding `memberships` members in total. */
function liveOf(groups: number, memberships: number): LiveGroup[] {
  return Array.from({ length: groups }, (_, g) => ({
    id: `g${g}`,
    name: `G${g}`,
    members: Array.from({ length: Math.floor(memberships / groups) + (g < memberships % groups ? 1 : 0) }, (_, m) => ({ userId: `U${g}-${m}` })),
  }));
}

const removals = (n: number): PlanMember[] => Array.from({ length: n }, (_, i) => ({ userId: `R${i}` }));
const update = (remove: number): GroupChange => ({ action: 'update', group: 'G', groupId: 'g', membersMode: 'authoritative', add: [], remove: removals(remove) });
const deletes = (n: number, membersEach = 0): GroupChange[] =>
  Array.from({ length: n }, (_, i) => ({ action: 'delete', group: `D${i}`, groupId: `d${i}`, add: [], remove: removals(membersEach) }));

describe('checkSafety', () => {
  it.each([
    { name: 'under 20 live memberships nothing is counted', live: liveOf(1, 19), changes: [update(19)], blocked: [] },
    { name: 'exactly at the limit is allowed', live: liveOf(2, 20), changes: [update(5)], blocked: [] },
    {
      name: 'over the limit is blocked',
      live: liveOf(2, 20),
      changes: [update(6)],
      blocked: [{ code: 'MAX_REMOVALS', message: 'removes 6 of 20 live memberships (30%), over maxRemovalPercent 25' }],
    },
    {
      name: 'members of deleted groups count as removals',
      live: liveOf(3, 30),
      changes: [update(4), ...deletes(1, 4)],
      blocked: [{ code: 'MAX_REMOVALS', message: 'removes 8 of 30 live memberships (26.7%), over maxRemovalPercent 25' }],
    },
    {
      name: 'a share that rounds to the limit is shown with more digits',
      live: liveOf(4, 8000),
      changes: [update(2001)],
      blocked: [{ code: 'MAX_REMOVALS', message: 'removes 2001 of 8000 live memberships (25.01%), over maxRemovalPercent 25' }],
    },
    { name: 'under 8 live groups deletions are not counted', live: liveOf(7, 0), changes: deletes(7), blocked: [] },
    { name: 'two of eight groups is exactly 25%', live: liveOf(8, 0), changes: deletes(2), blocked: [] },
    {
      name: 'three of eight groups is over',
      live: liveOf(8, 0),
      changes: deletes(3),
      blocked: [{ code: 'MAX_GROUP_DELETES', message: 'deletes 3 of 8 live groups (37.5%), over maxGroupDeletePercent 25' }],
    },
    {
      name: 'both rules at once',
      live: liveOf(8, 40),
      changes: deletes(4, 5),
      blocked: [
        { code: 'MAX_REMOVALS', message: 'removes 20 of 40 live memberships (50%), over maxRemovalPercent 25' },
        { code: 'MAX_GROUP_DELETES', message: 'deletes 4 of 8 live groups (50%), over maxGroupDeletePercent 25' },
      ],
    },
  ])('$name', ({ live, changes, blocked }) => {
    expect(checkSafety(changes, live, limits)).toEqual(blocked);
  });

  it('honours the tenant limits', () => {
    expect(checkSafety([update(10)], liveOf(1, 20), { maxRemovalPercent: 50, maxGroupDeletePercent: 0 })).toEqual([]);
    expect(checkSafety(deletes(1), liveOf(8, 0), { maxRemovalPercent: 50, maxGroupDeletePercent: 0 })).toEqual([
      { code: 'MAX_GROUP_DELETES', message: 'deletes 1 of 8 live groups (12.5%), over maxGroupDeletePercent 0' },
    ]);
  });

  it('blocks per tenant and marks the summary when any tenant is blocked', () => {
    const live8 = Array.from({ length: 8 }, (_, g) => liveGroup(`g${g}`, `G${g}`));
    const { plan } = planFor([
      { desired: desiredTenant([], { tenantId: 'T2', unmanagedGroups: 'delete' }), live: liveTenant(live8, { tenantId: 'T2' }) },
      { desired: desiredTenant(live8.map((g) => desiredGroup(g.name))), live: liveTenant(live8) },
    ]);
    expect(plan.tenants.map((t) => [t.tenant, t.blocked.map((b) => b.code)])).toEqual([
      ['T1', []],
      ['T2', ['MAX_GROUP_DELETES']],
    ]);
    expect(plan.summary.blocked).toBe(true);
  });
});
