import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importTenant } from '../../../src/import/live-to-config.js';
import { loginIdKey } from '../../../src/model/normalize.js';
import type { LiveGroup, LiveTenant, LiveUser } from '../../../src/model/types.js';

const users: LiveUser[] = [
  { userId: 'U1', loginIds: ['alice@acme.com'] },
  { userId: 'U2', loginIds: ['Bob@acme.com', 'bob.alt@acme.com'] },
  { userId: 'U3', loginIds: [] },
  // Two users whose login ids differ only in case: neither can be declared by login id.
  { userId: 'U4', loginIds: ['twin@acme.com'] },
  { userId: 'U5', loginIds: ['TWIN@acme.com'] },
];

function tenant(groups: LiveGroup[]): LiveTenant {
  return { tenantId: 'T1', groups, users };
}

describe('importTenant', () => {
  it.each([
    {
      name: 'members by login id, sorted case-insensitively, then by user id',
      group: { id: 'g1', name: 'Eng', members: [{ userId: 'U3' }, { userId: 'U2' }, { userId: 'U1' }] },
      expected: { name: 'Eng', members: [{ loginId: 'alice@acme.com' }, { loginId: 'Bob@acme.com' }, { userId: 'U3' }] },
    },
    {
      name: 'a login id shared by two users falls back to user ids',
      group: { id: 'g1', name: 'Twins', members: [{ userId: 'U5' }, { userId: 'U4' }] },
      expected: { name: 'Twins', members: [{ userId: 'U4' }, { userId: 'U5' }] },
    },
    {
      name: 'a member unknown to the user list keeps the login id the group read gave',
      group: { id: 'g1', name: 'Ext', externalId: 'ext', members: [{ userId: 'U9', loginId: 'zed@acme.com' }] },
      expected: { name: 'Ext', externalId: 'ext', members: [{ loginId: 'zed@acme.com' }] },
    },
    {
      name: 'duplicate members appear once',
      group: { id: 'g1', name: 'Dup', members: [{ userId: 'U1' }, { userId: 'U1' }] },
      expected: { name: 'Dup', members: [{ loginId: 'alice@acme.com' }] },
    },
    {
      name: 'an empty group declares an empty member list',
      group: { id: 'g1', name: 'Empty', members: [] },
      expected: { name: 'Empty', members: [] },
    },
    {
      name: 'unreadable membership stays unmanaged',
      group: { id: 'g1', name: 'Aws', members: [{ userId: 'U1' }], membersUnreadable: 'hidden by the server' },
      expected: { name: 'Aws' },
    },
  ])('$name', ({ group, expected }) => {
    expect(importTenant(tenant([group])).groups).toEqual([expected]);
  });

  it('leaves JIT groups out, saying why', () => {
    const result = importTenant(tenant([
      { id: 'g2', name: 'SSO Admins', members: [{ userId: 'U1' }], source: 'jit' },
      { id: 'g1', name: 'Eng', members: [], source: 'scim' },
    ]));
    expect(result.groups.map((g) => g.name)).toEqual(['Eng']);
    expect(result.skipped).toEqual([{ name: 'SSO Admins', reason: expect.stringMatching(/^SSO-managed \(source: jit\).*never writes/) }]);
    expect(result.notes).toEqual([`Left out "SSO Admins": ${result.skipped[0]?.reason}.`]);
  });

  it('explains unreadable membership once per reason', () => {
    const hidden = 'no group shows members';
    const result = importTenant(tenant([
      { id: 'g1', name: 'B', members: [], membersUnreadable: hidden },
      { id: 'g2', name: 'A', members: [], membersUnreadable: hidden },
      { id: 'g3', name: 'C', members: [] },
    ]));
    expect(result.groups).toEqual([{ name: 'A' }, { name: 'B' }, { name: 'C', members: [] }]);
    expect(result.notes).toEqual([
      'Members not imported for "A", "B": no group shows members. Their membership stays unmanaged (members omitted); ' +
        'list members to add them, in additive mode.',
    ]);
  });

  it('keeps one of two groups whose names differ only in case, whatever the live order', () => {
    const a: LiveGroup = { id: 'g1', name: 'ops', members: [] };
    const b: LiveGroup = { id: 'g2', name: 'Ops', members: [] };
    for (const groups of [[a, b], [b, a]]) {
      const result = importTenant(tenant(groups));
      expect(result.groups.map((g) => g.name)).toEqual(['Ops']);
      expect(result.skipped).toEqual([{ name: 'ops', reason: expect.stringContaining('same name as "Ops" apart from case (group id g1)') }]);
    }
  });

  it('sorts groups by name', () => {
    const result = importTenant(tenant(['b', 'C', 'a'].map((name, i) => ({ id: `g${i}`, name, members: [] }))));
    expect(result.groups.map((g) => g.name)).toEqual(['C', 'a', 'b']);
  });
});

// The invariant import exists for: every declared member resolves (case-insensitive login id, else user id)
// back to exactly the live group's members.
describe('importTenant property', () => {
  const loginId = fc.constantFrom('a@x.io', 'A@x.io', 'b@x.io', 'c@x.io', 'C@X.IO', 'd@x.io');
  const user = fc.record({ userId: fc.constantFrom('U1', 'U2', 'U3', 'U4', 'U5', 'U6'), loginIds: fc.array(loginId, { maxLength: 2 }) });
  const liveTenant = fc
    .record({
      users: fc.uniqueArray(user, { selector: (u) => u.userId, maxLength: 6 }),
      groups: fc.uniqueArray(
        fc.record({
          id: fc.string({ minLength: 1, maxLength: 3 }),
          name: fc.constantFrom('Eng', 'eng', 'Ops', 'Sales', 'Ünï', 'Ünï'.normalize('NFD')),
          members: fc.array(fc.record({ userId: fc.constantFrom('U1', 'U2', 'U3', 'U7') }), { maxLength: 5 }),
          source: fc.constantFrom(undefined, 'scim', 'jit'),
        }),
        { selector: (g) => g.id, maxLength: 5 },
      ),
    })
    .map(({ users: u, groups }) => ({ tenantId: 'T', users: u, groups: groups.map(({ source, ...g }) => (source === undefined ? g : { ...g, source })) }));

  it('declared members resolve to the live members', () => {
    fc.assert(
      fc.property(liveTenant, (live: LiveTenant) => {
        const byLogin = new Map<string, Set<string>>();
        for (const u of live.users) for (const l of u.loginIds) byLogin.set(loginIdKey(l), new Set([...(byLogin.get(loginIdKey(l)) ?? []), u.userId]));
        const result = importTenant(live);
        const declared = new Set(result.groups.map((g) => g.name.normalize('NFC').toLowerCase()));
        expect(declared.size).toBe(result.groups.length);
        for (const group of result.groups) {
          const key = group.name.normalize('NFC').toLowerCase();
          const source = live.groups
            .filter((g) => g.source !== 'jit' && g.name.normalize('NFC').toLowerCase() === key)
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0]!;
          expect(source.name).toBe(group.name);
          const resolved = (group.members ?? []).map((m) => {
            if ('userId' in m) return m.userId;
            if ('set' in m) throw new Error('import writes sets only with --extract-sets');
            const holders = [...(byLogin.get(loginIdKey(m.loginId)) ?? [])];
            expect(holders).toHaveLength(1);
            return holders[0];
          });
          expect(new Set(resolved)).toEqual(new Set(source.members.map((m) => m.userId)));
          expect(resolved).toHaveLength(new Set(resolved).size);
        }
        const jit = live.groups.filter((g) => g.source === 'jit').length;
        expect(result.groups.length + result.skipped.length).toBe(live.groups.length);
        expect(result.skipped.filter((s) => s.reason.startsWith('SSO-managed'))).toHaveLength(jit);
      }),
    );
  });
});
