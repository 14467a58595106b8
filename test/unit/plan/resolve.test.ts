import { describe, expect, it } from 'vitest';
import type { DeclaredMember } from '../../../src/model/types.js';
import { resolveMembers } from '../../../src/plan/resolve.js';
import { at, byId, desiredGroup, desiredTenant, liveGroup, liveTenant, login } from './builders.js';

function resolveOne(members: DeclaredMember[] | undefined, live = liveTenant([liveGroup('g1', 'Eng', ['U1', 'U7'])])) {
  const { tenant, diagnostics } = resolveMembers(desiredTenant([desiredGroup('Eng', members === undefined ? {} : { members })]), live);
  return { members: tenant.groups[0]!.members, diagnostics };
}

describe('resolveMembers', () => {
  it('resolves login ids case-insensitively, to the provider spelling, sorted', () => {
    expect(resolveOne([login('Bob@ACME.com', 3), login('alice@acme.com', 2)])).toEqual({
      members: [
        { userId: 'U1', loginId: 'alice@acme.com' },
        { userId: 'U2', loginId: 'bob@acme.com' },
      ],
      diagnostics: [],
    });
  });

  it('keeps explicit user ids exactly, with the first login id for display (sorted by what is shown)', () => {
    const live = liveTenant([], { users: [{ userId: 'Ux', loginIds: ['x1@acme.com', 'x2@acme.com'] }, { userId: 'Uy', loginIds: [] }] });
    expect(resolveOne([byId('Ux'), byId('Uy', 2)], live)).toEqual({ members: [{ userId: 'Uy' }, { userId: 'Ux', loginId: 'x1@acme.com' }], diagnostics: [] });
  });

  it('accepts a user id known only as a live member', () => {
    expect(resolveOne([byId('U7')])).toEqual({ members: [{ userId: 'U7' }], diagnostics: [] });
  });

  it('reports every unknown member at its position', () => {
    const result = resolveOne([login('alice@acme.com', 2), login('nobody@acme.com', 3, 9), byId('u1', 4, 9)]);
    expect(result.members).toEqual([{ userId: 'U1', loginId: 'alice@acme.com' }]);
    expect(result.diagnostics).toEqual([
      { severity: 'error', code: 'UNKNOWN_MEMBER', ...at(3, 9), message: 'tenant T1, group "Eng": login id "nobody@acme.com" does not exist at the provider' },
      { severity: 'error', code: 'UNKNOWN_MEMBER', ...at(4, 9), message: 'tenant T1, group "Eng": user id "u1" does not exist at the provider' },
    ]);
  });

  it('reports a login id and a user id naming the same user, at the later one, naming both', () => {
    const result = resolveOne([byId('U1', 8), login('ALICE@acme.com', 5)]);
    expect(result.members).toEqual([{ userId: 'U1', loginId: 'alice@acme.com' }]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'MEMBER_DUPLICATE',
        ...at(8, 11),
        message: 'tenant T1, group "Eng": user id "U1" and login id "ALICE@acme.com" (groupform.yaml:5:11) are the same user (U1); list it once',
      },
    ]);
  });

  it('lets every group name the same users, each once, without calling that a repeat', () => {
    const members = [login('alice@acme.com', 2), byId('U2', 3)];
    const desired = desiredTenant([desiredGroup('Eng', { members }), desiredGroup('Ops', { members }), desiredGroup('Sales', { members: [byId('U1', 4)] })]);
    const { tenant, diagnostics } = resolveMembers(desired, liveTenant([]));
    expect(diagnostics).toEqual([]);
    expect(tenant.groups.map((g) => g.members)).toEqual([
      [{ userId: 'U1', loginId: 'alice@acme.com' }, { userId: 'U2', loginId: 'bob@acme.com' }],
      [{ userId: 'U1', loginId: 'alice@acme.com' }, { userId: 'U2', loginId: 'bob@acme.com' }],
      [{ userId: 'U1', loginId: 'alice@acme.com' }],
    ]);
  });

  it('leaves omitted members omitted and never passes the credential on', () => {
    const desired = desiredTenant([desiredGroup('Eng')]);
    const withKey = { ...desired, credential: { reveal: () => 'sk-secret' } as never };
    const { tenant } = resolveMembers(withKey, liveTenant([]));
    expect(tenant).toEqual({
      tenantId: 'T1',
      unmanagedGroups: 'ignore',
      safety: { maxRemovalPercent: 25, maxGroupDeletePercent: 25 },
      at: desired.at,
      groups: [desiredGroup('Eng')],
    });
    expect('credential' in tenant).toBe(false);
  });

  it('picks the same user for login ids differing only in case, whatever the user order', () => {
    const users = [
      { userId: 'U2', loginIds: ['Sam@acme.com'] },
      { userId: 'U1', loginIds: ['sam@acme.com'] },
    ];
    const a = resolveOne([login('SAM@acme.com')], liveTenant([], { users }));
    const b = resolveOne([login('SAM@acme.com')], liveTenant([], { users: [...users].reverse() }));
    expect(a).toEqual({ members: [{ userId: 'U1', loginId: 'sam@acme.com' }], diagnostics: [] });
    expect(b).toEqual(a);
  });

  it('reports the same diagnostics whatever the order of the declared members', () => {
    const declared = [login('nobody@acme.com', 2), byId('U1', 3), login('alice@acme.com', 4), byId('U1', 5), login('ghost@acme.com', 6)];
    const forward = resolveOne(declared);
    expect(forward.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(['2 UNKNOWN_MEMBER', '4 MEMBER_DUPLICATE', '5 MEMBER_DUPLICATE', '6 UNKNOWN_MEMBER']);
    expect(forward.diagnostics[2]!.message).toContain('(groupform.yaml:3:11)');
    expect(resolveOne([...declared].reverse())).toEqual(forward);
  });

  it('hands every group the same member object for a user listed directly, not a copy per membership', () => {
    // A million memberships of a few thousand users: one object per user keeps the plan's memory and GC small.
    const { tenant } = resolveMembers(
      desiredTenant([desiredGroup('Eng', { members: [login('alice@acme.com', 2)] }), desiredGroup('Ops', { members: [login('ALICE@acme.com', 5), login('bob@acme.com', 6)] })]),
      liveTenant([]),
    );
    const [eng, ops] = tenant.groups;
    expect(eng!.members).toEqual([{ userId: 'U1', loginId: 'alice@acme.com' }]);
    expect(ops!.members).toEqual([{ userId: 'U1', loginId: 'alice@acme.com' }, { userId: 'U2', loginId: 'bob@acme.com' }]);
    expect(ops!.members![0]).toBe(eng!.members![0]);
  });

  it('joins the routes of a person reached twice, keeping the first entry in its place', () => {
    const viaSet = (member: DeclaredMember, via: string[]): DeclaredMember => ({ ...member, via });
    const { tenant } = resolveMembers(
      desiredTenant([desiredGroup('Eng', { members: [viaSet(login('alice@acme.com', 2), ['set b']), login('bob@acme.com', 3), viaSet(login('Alice@acme.com', 4), ['set a'])] })]),
      liveTenant([]),
    );
    expect(tenant.groups[0]!.members).toEqual([
      { userId: 'U1', loginId: 'alice@acme.com', via: ['set a', 'set b'] },
      { userId: 'U2', loginId: 'bob@acme.com' },
    ]);
  });
});
