import { describe, expect, it } from 'vitest';
import type { DesiredGroup, GroupChange, LiveGroup, UnmanagedGroupsPolicy } from '../../../src/model/types.js';
import { at, desiredGroup, desiredTenant, liveGroup, liveTenant, login, planOne, u } from './builders.js';

interface Case {
  name: string;
  desired: DesiredGroup[];
  live: LiveGroup[];
  policy?: UnmanagedGroupsPolicy;
  changes: GroupChange[];
  unmanaged?: string[];
  errors?: { code: string; line: number; message: string }[];
}

const cases: Case[] = [
  {
    name: 'a case-only difference is a rename',
    desired: [desiredGroup('engineering')],
    live: [liveGroup('g1', 'Engineering', ['U1'])],
    changes: [{ action: 'update', group: 'engineering', groupId: 'g1', renameFrom: 'Engineering', membersMode: 'unmanaged', add: [], remove: [] }],
  },
  {
    name: 'names match after NFC normalisation (a composed and a decomposed é), and the spelling is updated',
    desired: [desiredGroup('Caf\u00e9', { members: [login('alice@acme.com')] })],
    live: [liveGroup('g1', 'Cafe\u0301', ['U1'])],
    changes: [{ action: 'update', group: 'Caf\u00e9', groupId: 'g1', renameFrom: 'Cafe\u0301', membersMode: 'authoritative', add: [], remove: [] }],
  },
  {
    name: 'an equal name and members is no change at all',
    desired: [desiredGroup('Eng', { members: [login('ALICE@acme.com')] })],
    live: [liveGroup('g1', 'Eng', ['U1'])],
    changes: [],
  },
  {
    name: 'externalId wins over the name: the live group is renamed',
    desired: [desiredGroup('Platform', { externalId: 'plat' })],
    live: [liveGroup('g1', 'Infra', [], { externalId: 'plat' })],
    changes: [{ action: 'update', group: 'Platform', groupId: 'g1', renameFrom: 'Infra', membersMode: 'unmanaged', add: [], remove: [] }],
  },
  {
    name: 'matched by name, the declared externalId is set on the live group',
    desired: [desiredGroup('Eng', { externalId: 'eng' })],
    live: [liveGroup('g1', 'Eng')],
    changes: [{ action: 'update', group: 'Eng', groupId: 'g1', externalId: 'eng', membersMode: 'unmanaged', add: [], remove: [] }],
  },
  {
    name: 'a live externalId the config does not mention is left alone',
    desired: [desiredGroup('Eng')],
    live: [liveGroup('g1', 'Eng', [], { externalId: 'x' })],
    changes: [],
  },
  {
    name: 'previously renames the old group in place, keeping its id and members',
    desired: [desiredGroup('Engineering', { previously: ['Developers', 'Eng'], members: [login('alice@acme.com'), login('bob@acme.com', 2)] })],
    live: [liveGroup('g1', 'eng', ['U1', 'U2'])],
    changes: [{ action: 'update', group: 'Engineering', groupId: 'g1', renameFrom: 'eng', membersMode: 'authoritative', add: [], remove: [] }],
  },
  {
    name: 'previously is ignored when a live group already has the new name',
    desired: [desiredGroup('Engineering', { previously: ['Eng'] })],
    live: [liveGroup('g1', 'Eng'), liveGroup('g2', 'Engineering')],
    changes: [],
    unmanaged: ['Eng'],
  },
  {
    name: 'a group found nowhere is created; with members omitted its membership is unmanaged',
    desired: [desiredGroup('Auditors', { externalId: 'aud' }), desiredGroup('Contractors', { members: [] })],
    live: [],
    changes: [
      { action: 'create', group: 'Auditors', externalId: 'aud', membersMode: 'unmanaged', add: [], remove: [] },
      { action: 'create', group: 'Contractors', externalId: null, membersMode: 'authoritative', add: [], remove: [] },
    ],
  },
  {
    name: 'ignore lists undeclared groups, sorted, and deletes nothing',
    desired: [],
    live: [liveGroup('g2', 'Sales', ['U1']), liveGroup('g1', 'Legacy'), liveGroup('g3', 'SSO', [], { source: 'jit' })],
    changes: [],
    unmanaged: ['Legacy', 'SSO', 'Sales'],
  },
  {
    name: 'delete removes undeclared groups with their members, never a jit group',
    desired: [],
    policy: 'delete',
    live: [liveGroup('g2', 'Sales', ['U2', 'U1']), liveGroup('g1', 'Legacy'), liveGroup('g3', 'SSO', ['U1'], { source: 'jit' })],
    changes: [
      { action: 'delete', group: 'Legacy', groupId: 'g1', add: [], remove: [] },
      { action: 'delete', group: 'Sales', groupId: 'g2', add: [], remove: [u(1), u(2)] },
    ],
    unmanaged: ['SSO'],
  },
  {
    name: 'of two live groups differing only in case, the exact name is matched and the other is unmanaged',
    desired: [desiredGroup('Eng')],
    live: [liveGroup('g1', 'ENG'), liveGroup('g2', 'Eng')],
    changes: [],
    unmanaged: ['ENG'],
  },
  {
    name: 'declaring a jit group is an error; the group stays unmanaged even under delete',
    desired: [desiredGroup('sso admins', { members: [], at: at(7) })],
    policy: 'delete',
    live: [liveGroup('g3', 'SSO Admins', ['U3'], { source: 'jit' })],
    changes: [],
    unmanaged: ['SSO Admins'],
    errors: [
      {
        code: 'READ_ONLY_GROUP',
        line: 7,
        message:
          'tenant T1, group "sso admins": the live group "SSO Admins" (g3) comes from SSO logins (source jit); groupform never changes such groups, because the next SSO login would overwrite them. Remove it from the configuration',
      },
    ],
  },
  {
    name: 'a declared externalId that differs from the same-named live group is a conflict',
    desired: [desiredGroup('Eng', { externalId: 'a', at: at(4) })],
    policy: 'delete',
    live: [liveGroup('g1', 'Eng', [], { externalId: 'b' })],
    changes: [],
    errors: [
      {
        code: 'EXTERNAL_ID_CONFLICT',
        line: 4,
        message:
          'tenant T1, group "Eng": declares externalId "a", but the live group "Eng" (g1) has externalId "b" and no live group has "a"; set externalId to "b" to adopt it, or give the group another name',
      },
    ],
  },
  {
    name: 'two declared groups claiming one live group is ambiguous, reported at the later one',
    desired: [desiredGroup('Eng', { at: at(3) }), desiredGroup('Engineering', { externalId: 'e', at: at(9) })],
    live: [liveGroup('g1', 'Eng', [], { externalId: 'e' })],
    changes: [],
    errors: [
      {
        code: 'AMBIGUOUS_MATCH',
        line: 9,
        message:
          'tenant T1: groups "Eng" (groupform.yaml:3:7) and "Engineering" (groupform.yaml:9:7) all match the live group "Eng" (g1) (by externalId, name or previously); declare each live group once',
      },
    ],
  },
  {
    name: 'previously naming two live groups is ambiguous',
    desired: [desiredGroup('Engineering', { previously: ['Eng', 'Dev'], at: at(5) })],
    live: [liveGroup('g2', 'Eng'), liveGroup('g1', 'Dev')],
    changes: [],
    errors: [
      {
        code: 'AMBIGUOUS_MATCH',
        line: 5,
        message:
          'tenant T1, group "Engineering": several live groups have a name listed in previously: "Dev" (g1), "Eng" (g2); it can be renamed from only one of them',
      },
    ],
  },
  {
    name: 'two live groups with the declared name in other cases are ambiguous',
    desired: [desiredGroup('eng', { at: at(2) })],
    live: [liveGroup('g1', 'ENG'), liveGroup('g2', 'Eng')],
    changes: [],
    errors: [
      {
        code: 'AMBIGUOUS_MATCH',
        line: 2,
        message:
          'tenant T1, group "eng": several live groups have this name (ignoring case): "ENG" (g1), "Eng" (g2); rename or delete all but one of them at the provider',
      },
    ],
  },
  {
    name: 'two live groups with the declared externalId are ambiguous',
    desired: [desiredGroup('Eng', { externalId: 'e', at: at(2) })],
    live: [liveGroup('g2', 'B', [], { externalId: 'e' }), liveGroup('g1', 'A', [], { externalId: 'e' })],
    changes: [],
    unmanaged: [],
    errors: [
      {
        code: 'AMBIGUOUS_MATCH',
        line: 2,
        message: 'tenant T1, group "Eng": externalId "e" is held by several live groups: "A" (g1), "B" (g2); groupform cannot tell which one is meant',
      },
    ],
  },
  {
    name: 'renaming by externalId onto a name another live group holds is a conflict',
    desired: [desiredGroup('Eng', { externalId: 'e', at: at(6) })],
    live: [liveGroup('g1', 'Engineering', [], { externalId: 'e' }), liveGroup('g2', 'eng')],
    changes: [],
    errors: [
      {
        code: 'NAME_CONFLICT',
        line: 6,
        message:
          'tenant T1, group "Eng": the live group with externalId "e", "Engineering" (g1), would be renamed to "Eng", which "eng" (g2) already has; rename or delete that group first',
      },
    ],
  },
  {
    name: 'a group matched by externalId that already has the declared name is no conflict, whatever else is live',
    desired: [desiredGroup('Eng', { externalId: 'e', at: at(6) })],
    live: [liveGroup('g1', 'Eng', [], { externalId: 'e' }), liveGroup('g2', 'eng')],
    changes: [],
    unmanaged: ['eng'],
  },
];

describe('group matching (group identity)', () => {
  it.each(cases)('$name', (c) => {
    const { plan, diagnostics } = planOne(desiredTenant(c.desired, { unmanagedGroups: c.policy ?? 'ignore' }), liveTenant(c.live));
    const tenant = plan.tenants[0]!;
    expect(tenant.changes).toEqual(c.changes);
    expect(tenant.unmanagedGroups).toEqual(c.unmanaged ?? []);
    expect(diagnostics).toEqual(
      (c.errors ?? []).map((e) => ({ severity: 'error', code: e.code, message: e.message, ...at(e.line) })),
    );
  });
});
