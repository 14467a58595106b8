import { describe, expect, it } from 'vitest';
import { toLiveTenant, unknownUsers } from '../../../src/providers/descope/mapping.js';

describe('toLiveTenant', () => {
  it('sorts groups by name and members and users by id, merging found users with live members', () => {
    const live = toLiveTenant(
      'T1',
      [
        { id: 'g2', display: 'Sales', source: 'scim', members: [{ userId: 'U3', loginId: 'c@x', display: 'C' }] },
        { id: 'g1', display: 'Eng', members: [{ userId: 'U2', loginId: 'b@x' }, { userId: 'U1' }, { userId: 'U2', loginId: 'b@x' }] },
      ],
      [{ userId: 'U2', loginIds: ['B@x', 'bob'], name: 'Bob' }, { userId: 'U7', loginIds: ['g@x'] }],
      new Map([['g2', 'sales']]),
    );
    expect(live).toEqual({
      tenantId: 'T1',
      groups: [
        { id: 'g1', name: 'Eng', members: [{ userId: 'U1' }, { userId: 'U2', loginId: 'b@x' }] },
        { id: 'g2', name: 'Sales', externalId: 'sales', members: [{ userId: 'U3', loginId: 'c@x' }], source: 'scim' },
      ],
      users: [
        { userId: 'U1', loginIds: [] },
        { userId: 'U2', loginIds: ['B@x', 'bob'], display: 'Bob' },
        { userId: 'U3', loginIds: ['c@x'], display: 'C' },
        { userId: 'U7', loginIds: ['g@x'] },
      ],
    });
  });
});

describe('unknownUsers', () => {
  const groups = [
    { members: [{ userId: 'U1', loginId: 'Alice@X' }, { userId: 'U2' }] },
    { members: [{ userId: 'U3', loginId: 'erin@x' }] },
  ];

  it.each([
    ['a login id a member shows, in any case, needs no search', ['alice@x', 'ALICE@X'], [], [], []],
    ["another login id of a member's user is searched (a member shows one)", ['erin2@x'], [], ['erin2@x'], []],
    ['a member without a login id identifies only its user id', ['bob@x'], ['U2'], ['bob@x'], []],
    ['user ids of live members need no search, others do', [], ['U1', 'U9', 'U3'], [], ['U9']],
    ['order and spelling of the declared values are kept', ['z@x', 'Alice@x', 'B@x'], ['U8', 'U7'], ['z@x', 'B@x'], ['U8', 'U7']],
  ])('%s', (_name, loginIds, userIds, searchedLoginIds, searchedUserIds) => {
    expect(unknownUsers({ loginIds, userIds }, groups)).toEqual({ loginIds: searchedLoginIds, userIds: searchedUserIds });
  });

  it('searches everything when there are no live groups', () => {
    expect(unknownUsers({ loginIds: ['a@x'], userIds: ['U1'] }, [])).toEqual({ loginIds: ['a@x'], userIds: ['U1'] });
  });
});
