import { describe, expect, it } from 'vitest';
import type { DeclaredMember } from '../../../src/model/types.js';
import { at, desiredGroup, desiredTenant, liveGroup, liveTenant, login, planOne, u } from './builders.js';

const NOW = Date.UTC(2027, 0, 20, 12); // 2027-01-20T12:00:00Z
const until = (loginId: string, value: string, line = 3, extra: Partial<DeclaredMember> = {}): DeclaredMember => ({ loginId, at: at(line, 11), until: value, ...extra });

describe('expiring memberships (plan at a fixed now)', () => {
  it.each(['authoritative', 'additive'] as const)('%s: a member whose until has passed is removed, labelled expired', (mode) => {
    const group = desiredGroup('Engineering', { membersMode: mode, members: [login('alice@acme.com', 2), until('bob@acme.com', '2027-01-15')] });
    const { plan, diagnostics } = planOne(desiredTenant([group]), liveTenant([liveGroup('g1', 'Engineering', ['U1', 'U2'])]), NOW);
    expect(diagnostics).toEqual([]);
    expect(plan.tenants[0]!.changes).toEqual([
      { action: 'update', group: 'Engineering', groupId: 'g1', membersMode: mode, add: [], remove: [{ ...u(2), expired: '2027-01-15' }] },
    ]);
    expect(plan.asOf).toBe('2027-01-20T12:00:00Z');
  });

  it('a member expiring in 5 days is listed as expiring and not removed', () => {
    const group = desiredGroup('Engineering', {
      members: [login('alice@acme.com', 2), until('bob@acme.com', '2027-01-25T12:00:00Z', 3, { reason: 'data migration', ticket: 'OPS-1234' })],
    });
    const { plan } = planOne(desiredTenant([group]), liveTenant([liveGroup('g1', 'Engineering', ['U1', 'U2'])]), NOW);
    expect(plan.tenants[0]!.changes).toEqual([]);
    expect(plan.tenants[0]!.expiring).toEqual([
      { group: 'Engineering', ...u(2), until: '2027-01-25T12:00:00Z', reason: 'data migration', ticket: 'OPS-1234' },
    ]);
  });

  it('a date grants the whole day (UTC); expiryWarningDays bounds the listing', () => {
    const group = desiredGroup('G', { members: [until('alice@acme.com', '2027-01-20'), until('bob@acme.com', '2027-02-10', 4)] });
    const live = liveTenant([liveGroup('g1', 'G', ['U1', 'U2'])]);
    const before = planOne(desiredTenant([group]), live, Date.UTC(2027, 0, 20, 23, 59, 59)).plan.tenants[0]!;
    expect(before.changes).toEqual([]);
    expect(before.expiring?.map((e) => e.loginId)).toEqual(['alice@acme.com']);
    const wider = planOne(desiredTenant([group], { expiryWarningDays: 30 }), live, NOW).plan.tenants[0]!;
    expect(wider.expiring?.map((e) => e.loginId)).toEqual(['alice@acme.com', 'bob@acme.com']);
    const after = planOne(desiredTenant([group]), live, Date.UTC(2027, 0, 21)).plan.tenants[0]!;
    expect(after.changes[0]!.remove).toEqual([{ ...u(1), expired: '2027-01-20' }]);
  });

  it('an expired member is not added to a new group, nor to one it is missing from', () => {
    const groups = [
      desiredGroup('New', { members: [login('alice@acme.com', 2), until('bob@acme.com', '2027-01-01')] }),
      desiredGroup('Old', { members: [until('carol@acme.com', '2027-01-01', 5)] }),
    ];
    const { plan } = planOne(desiredTenant(groups), liveTenant([liveGroup('g2', 'Old', [])]), NOW);
    expect(plan.tenants[0]!.changes).toEqual([
      { action: 'create', group: 'New', externalId: null, membersMode: 'authoritative', add: [u(1)], remove: [] },
    ]);
    expect(plan.tenants[0]!.expiring).toBeUndefined();
  });

  it('is the same plan for the same input: now is an input', () => {
    const group = desiredGroup('G', { membersMode: 'additive', members: [until('alice@acme.com', '2027-01-19')] });
    const live = liveTenant([liveGroup('g1', 'G', ['U1'])]);
    expect(planOne(desiredTenant([group]), live, NOW)).toEqual(planOne(desiredTenant([group]), live, NOW));
    expect(planOne(desiredTenant([group]), live, Date.UTC(2027, 0, 1)).plan.tenants[0]!.changes).toEqual([]);
  });
});
