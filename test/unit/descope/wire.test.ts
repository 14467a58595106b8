import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../../src/http/index.js';
import { readGroupList, readGroupMembers, readUserPage } from '../../../src/providers/descope/wire.js';

const eng = { id: 'g1', display: 'Engineering', members: [{ loginId: 'a@x', userId: 'U1', display: 'A' }] };

describe('readGroupList', () => {
  it.each([
    ['a bare array (the SDK reading)', [eng]],
    ['a {groups} envelope (the docs reading)', { groups: [eng] }],
  ])('accepts %s', (_name, body) => {
    expect(readGroupList(body, 'w')).toEqual([{ id: 'g1', display: 'Engineering', members: [{ loginId: 'a@x', userId: 'U1', display: 'A' }] }]);
  });

  it('keeps members absent when the answer leaves them out, and drops empty optional strings', () => {
    expect(readGroupList([{ id: 'g2', display: 'Ops', source: 'jit' }], 'w')).toEqual([{ id: 'g2', display: 'Ops', source: 'jit' }]);
    expect(readGroupList([{ id: 'g3', display: 'X', members: [{ userId: 'U1', loginId: '', display: '' }] }], 'w')).toEqual([
      { id: 'g3', display: 'X', members: [{ userId: 'U1' }] },
    ]);
  });

  it.each([null, {}, { groups: null }])('reads %j, an empty list the gateway omitted, as no groups', (body) => {
    expect(readGroupList(body, 'w')).toEqual([]);
  });

  it.each([
    ['an object without groups', { items: [] }, 'expected a list of groups'],
    ['a string', 'oops', 'expected a list of groups'],
    ['a group without id', [{ display: 'X' }], 'an item has no "id"'],
    ['a group without display', [{ id: 'g1' }], 'group g1 has no "display"'],
    ['members that are not a list', [{ id: 'g1', display: 'X', members: {} }], '"members" that is not a list'],
    ['a member without userId', [{ id: 'g1', display: 'X', members: [{ loginId: 'a' }] }], 'an item has no "userId"'],
    ['a numeric display', [{ id: 'g1', display: 7 }], '"display" is not a string'],
    ['the same group twice', [eng, eng], 'group g1 appears twice'],
  ])('rejects %s', (_name, body, message) => {
    expect(() => readGroupList(body, 'what')).toThrow(MalformedResponseError);
    expect(() => readGroupList(body, 'what')).toThrow(message);
  });
});

describe('readGroupMembers', () => {
  it('returns the asked group, or undefined when the list is empty', () => {
    expect(readGroupMembers([eng], 'g1', 'w')?.members).toHaveLength(1);
    expect(readGroupMembers({ groups: [] }, 'g1', 'w')).toBeUndefined();
    expect(readGroupMembers(null, 'g1', 'w')).toBeUndefined();
  });

  it('reads a group without a members key as empty: group/members fills them in, so none were omitted', () => {
    expect(readGroupMembers([{ id: 'g1', display: 'E' }], 'g1', 'w')).toEqual({ id: 'g1', display: 'E', members: [] });
  });

  it.each([
    ['another group', [eng], 'g9'],
    ['two groups', [eng, { ...eng, id: 'g2' }], 'g1'],
  ])('rejects %s', (_name, body, groupId) => {
    expect(() => readGroupMembers(body, groupId, 'w')).toThrow(MalformedResponseError);
  });
});

describe('readUserPage', () => {
  it('reads users and a total given as a number or a numeric string', () => {
    const users = [{ userId: 'U1', loginIds: ['a@x', ''], name: 'A', status: 'enabled' }, { userId: 'U2' }];
    expect(readUserPage({ users, total: '2' }, 'w')).toEqual({
      users: [{ userId: 'U1', loginIds: ['a@x'], name: 'A' }, { userId: 'U2', loginIds: [] }],
      total: 2,
    });
  });

  it.each([{}, { users: [] }, { users: null, total: 0 }])('reads %j, nothing found with empty values omitted, as no users', (body) => {
    expect(readUserPage(body, 'w')).toEqual({ users: [], total: 0 });
  });

  it.each([
    ['no users list', { total: 1 }],
    ['a negative total', { users: [], total: -1 }],
    ['a fractional total', { users: [], total: 1.5 }],
    ['loginIds that are not strings', { users: [{ userId: 'U1', loginIds: [1] }], total: 1 }],
  ])('rejects %s', (_name, body) => {
    expect(() => readUserPage(body, 'w')).toThrow(MalformedResponseError);
  });
});
