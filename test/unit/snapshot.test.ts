import { describe, expect, it } from 'vitest';
import { parseSnapshot, snapshotTenantToLive } from '../../src/config/snapshot.js';
import { DiagnosticsError } from '../../src/errors.js';

function refusalOf(text: string, file: string): readonly unknown[] {
  try {
    parseSnapshot(text, file);
  } catch (error) {
    if (error instanceof DiagnosticsError) return error.diagnostics;
    throw error;
  }
  throw new Error(`expected ${file} to be refused`);
}

describe('parseSnapshot', () => {
  it('refuses an alias bomb with a diagnostic, not an internal error', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e']] as const) {
      levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
    }
    const text = `${levels.join('\n')}\ntenants: {T1: {groups: [*e]}}\n`;
    expect(refusalOf(text, 'bomb.yaml')).toEqual([
      expect.objectContaining({ code: 'SNAPSHOT_SYNTAX', file: 'bomb.yaml', message: expect.stringMatching(/alias/i) }),
    ]);
  });
});

describe('snapshotTenantToLive', () => {
  it('gives every group holding a user the same member object, the last listing of a user winning', () => {
    const live = snapshotTenantToLive('T1', {
      users: [{ userId: 'U1', loginId: 'old@acme.com' }, { userId: 'U1', loginIds: ['alice@acme.com'] }, { userId: 'U2' }],
      groups: [
        { id: 'g1', display: 'Eng', members: ['U1', 'U2', 'U9'] },
        { id: 'g2', display: 'Ops', members: ['U9', 'U1'] },
      ],
    });
    const [eng, ops] = live.groups;
    expect(eng!.members).toEqual([{ userId: 'U1', loginId: 'alice@acme.com' }, { userId: 'U2' }, { userId: 'U9' }]);
    expect(ops!.members).toEqual([{ userId: 'U9' }, { userId: 'U1', loginId: 'alice@acme.com' }]);
    // A snapshot of a million memberships names far fewer users: one object each, not one per membership.
    expect(ops!.members[1]).toBe(eng!.members[0]);
    expect(ops!.members[0]).toBe(eng!.members[2]);
  });
});

describe('parseSnapshot of JSON', () => {
  it('reads a valid JSON snapshot without a depth scan, and still refuses one nested too deep at its place', () => {
    expect(parseSnapshot('{"tenants": {"T1": {"groups": [{"id": "g1", "display": "Eng", "members": ["U1"]}]}}}', 's.json')).toEqual({
      tenants: { T1: { groups: [{ id: 'g1', display: 'Eng', members: ['U1'] }] } },
    });
    const deep = `{"tenants": {"T1": {"groups": ${'['.repeat(5000)}${']'.repeat(5000)}}}}`;
    expect(refusalOf(deep, 'deep.json')).toEqual([
      expect.objectContaining({ code: 'SNAPSHOT_SYNTAX', file: 'deep.json', line: 1, message: 'nested more than 64 levels deep' }),
    ]);
  });
});
