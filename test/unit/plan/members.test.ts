import { describe, expect, it } from 'vitest';
import type { DesiredGroup, GroupChange, LiveGroup } from '../../../src/model/types.js';
import { at, byId, desiredGroup, desiredTenant, liveGroup, liveTenant, login, planOne, u } from './builders.js';

interface Case {
  name: string;
  desired: DesiredGroup;
  live: LiveGroup;
  changes: GroupChange[];
  errors?: { code: string; message: string }[];
}

const cases: Case[] = [
  {
    name: 'authoritative adds the missing and removes the extra members',
    desired: desiredGroup('Eng', { members: [login('bob@acme.com'), login('alice@acme.com', 2)] }),
    live: liveGroup('g1', 'Eng', ['U3', 'U1', 'U4']),
    changes: [{ action: 'update', group: 'Eng', groupId: 'g1', membersMode: 'authoritative', add: [u(2)], remove: [u(3), u(4)] }],
  },
  {
    name: 'additive only adds',
    desired: desiredGroup('Eng', { membersMode: 'additive', members: [login('bob@acme.com')] }),
    live: liveGroup('g1', 'Eng', ['U3', 'U1']),
    changes: [{ action: 'update', group: 'Eng', groupId: 'g1', membersMode: 'additive', add: [u(2)], remove: [] }],
  },
  {
    name: 'additive with every declared member present is no change',
    desired: desiredGroup('Eng', { membersMode: 'additive', members: [login('alice@acme.com')] }),
    live: liveGroup('g1', 'Eng', ['U3', 'U1']),
    changes: [],
  },
  {
    name: 'members omitted leaves membership alone in authoritative mode',
    desired: desiredGroup('Eng'),
    live: liveGroup('g1', 'Eng', ['U3', 'U1']),
    changes: [],
  },
  {
    name: 'members omitted with a rename: the update shows membership unmanaged',
    desired: desiredGroup('Engineering', { previously: ['Eng'] }),
    live: liveGroup('g1', 'Eng', ['U3']),
    changes: [{ action: 'update', group: 'Engineering', groupId: 'g1', renameFrom: 'Eng', membersMode: 'unmanaged', add: [], remove: [] }],
  },
  {
    name: 'members [] empties the group',
    desired: desiredGroup('Eng', { members: [] }),
    live: liveGroup('g1', 'Eng', ['U2', 'U1']),
    changes: [{ action: 'update', group: 'Eng', groupId: 'g1', membersMode: 'authoritative', add: [], remove: [u(1), u(2)] }],
  },
  {
    name: 'an explicit user id is compared exactly and shown with its login id',
    desired: desiredGroup('Eng', { members: [byId('U5')] }),
    live: liveGroup('g1', 'Eng', ['U1']),
    changes: [{ action: 'update', group: 'Eng', groupId: 'g1', membersMode: 'authoritative', add: [u(5)], remove: [u(1)] }],
  },
  {
    name: 'a live member without a known login id is removed by user id, sorted by what is shown',
    desired: desiredGroup('Eng', { members: [] }),
    live: { id: 'g1', name: 'Eng', members: [{ userId: 'U9' }, { userId: 'U1' }, { userId: 'U2', loginId: 'zed@acme.com' }] },
    changes: [
      { action: 'update', group: 'Eng', groupId: 'g1', membersMode: 'authoritative', add: [], remove: [{ userId: 'U9' }, u(1), { userId: 'U2', loginId: 'zed@acme.com' }] },
    ],
  },
  {
    name: 'additive on a server that cannot list members adds what is not confirmed',
    desired: desiredGroup('Eng', { membersMode: 'additive', members: [login('alice@acme.com'), login('bob@acme.com', 2)] }),
    live: liveGroup('g1', 'Eng', ['U1'], { membersUnreadable: 'the server returns no members attribute' }),
    changes: [{ action: 'update', group: 'Eng', groupId: 'g1', membersMode: 'additive', add: [u(2)], remove: [] }],
  },
  {
    name: 'authoritative on a server that cannot list members is an error',
    desired: desiredGroup('Eng', { members: [login('bob@acme.com')], at: at(4) }),
    live: liveGroup('g1', 'Eng', [], { membersUnreadable: 'the server returns no members attribute' }),
    changes: [{ action: 'update', group: 'Eng', groupId: 'g1', membersMode: 'authoritative', add: [u(2)], remove: [] }],
    errors: [
      {
        code: 'MEMBERS_UNREADABLE',
        message:
          'tenant T1, group "Eng": authoritative membership needs the live members, but this server cannot list them (the server returns no members attribute); set membersMode: additive for this group or tenant, or omit members',
      },
    ],
  },
  {
    name: 'members omitted on a server that cannot list members is fine',
    desired: desiredGroup('Eng'),
    live: liveGroup('g1', 'Eng', [], { membersUnreadable: 'no members attribute' }),
    changes: [],
  },
];

describe('membership modes', () => {
  it.each(cases)('$name', (c) => {
    const { plan, diagnostics } = planOne(desiredTenant([c.desired]), liveTenant([c.live]));
    expect(plan.tenants[0]!.changes).toEqual(c.changes);
    expect(diagnostics).toEqual((c.errors ?? []).map((e) => ({ severity: 'error', ...e, ...at(4) })));
  });

  describe('where the server can neither list nor check members', () => {
    const unverifiable = { membersUnreadable: 'no members shown', membersUnverifiable: 'no members shown and no filter' };

    it('additive adds are asserted apart: no change, nothing counted, the planId that of an empty plan', () => {
      const desired = desiredTenant([desiredGroup('Eng', { membersMode: 'additive', members: [login('bob@acme.com', 2), login('alice@acme.com')] })]);
      const { plan, diagnostics } = planOne(desired, liveTenant([liveGroup('g1', 'Eng', [], unverifiable)]));
      expect(diagnostics).toEqual([]);
      expect(plan.tenants[0]!.changes).toEqual([]);
      expect(plan.tenants[0]!.asserted).toEqual([{ group: 'Eng', groupId: 'g1', reason: 'no members shown and no filter', members: [u(1), u(2)] }]);
      expect(plan.summary).toMatchObject({ groupsToUpdate: 0, membersToAdd: 0 });
      expect(plan.planId).toBe(planOne(desiredTenant([]), liveTenant([])).plan.planId);
    });

    it('a rename still is a change, its adds asserted beside it', () => {
      const desired = desiredTenant([desiredGroup('Engineering', { previously: ['Eng'], membersMode: 'additive', members: [login('alice@acme.com')] })]);
      const { plan } = planOne(desired, liveTenant([liveGroup('g1', 'Eng', [], unverifiable)]));
      expect(plan.tenants[0]!.changes).toEqual([
        { action: 'update', group: 'Engineering', groupId: 'g1', renameFrom: 'Eng', membersMode: 'additive', add: [], remove: [] },
      ]);
      expect(plan.tenants[0]!.asserted?.map((a) => [a.group, a.members])).toEqual([['Engineering', [u(1)]]]);
    });

    it('members omitted or empty assert nothing', () => {
      const desired = desiredTenant([desiredGroup('A'), desiredGroup('B', { membersMode: 'additive', members: [] })]);
      const { plan } = planOne(desired, liveTenant([liveGroup('g1', 'A', [], unverifiable), liveGroup('g2', 'B', [], unverifiable)]));
      expect(plan.tenants[0]!.asserted).toBeUndefined();
    });
  });

  it('a created group carries its members, sorted, each once', () => {
    const { plan } = planOne(
      desiredTenant([desiredGroup('New', { membersMode: 'additive', members: [login('erin@acme.com'), login('bob@acme.com', 2)] })]),
      liveTenant([]),
    );
    expect(plan.tenants[0]!.changes).toEqual([
      { action: 'create', group: 'New', externalId: null, membersMode: 'additive', add: [u(2), u(5)], remove: [] },
    ]);
  });
});
