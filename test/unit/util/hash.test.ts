import { describe, expect, it } from 'vitest';
import type { LiveGroup } from '../../../src/model/types.js';
import { fingerprintGroup, fingerprintGroupSet } from '../../../src/plan/fingerprint.js';
import { canonicalJson, sha256 } from '../../../src/util/hash.js';

describe('canonicalJson', () => {
  it.each([
    { value: { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }, json: '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}' },
    { value: { a: undefined, b: [undefined, 'x'] }, json: '{"b":[null,"x"]}' },
    { value: { é: 1, e: 2, E: 3 }, json: '{"E":3,"e":2,"é":1}' },
    { value: 'a"b', json: '"a\\"b"' },
    { value: [], json: '[]' },
    { value: { at: { toJSON: () => 'x' } }, json: '{"at":"x"}' },
  ])('$json', ({ value, json }) => {
    expect(canonicalJson(value)).toBe(json);
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('does not depend on key insertion order', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });
});

describe('sha256', () => {
  it('is the prefixed lowercase hex digest', () => {
    expect(sha256('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('fingerprints', () => {
  const group: LiveGroup = { id: 'g1', name: 'Eng', externalId: 'e', members: [{ userId: 'U2' }, { userId: 'U1', loginId: 'a@x' }], source: 'scim' };

  it('a group fingerprint ignores member order and login ids, and sees name, externalId, source and members', () => {
    const same = fingerprintGroup(group);
    expect(fingerprintGroup({ ...group, members: [{ userId: 'U1' }, { userId: 'U2' }] })).toBe(same);
    for (const changed of [
      { ...group, name: 'eng' },
      withoutExternalId(group),
      { ...group, source: 'jit' },
      { ...group, members: [{ userId: 'U1' }] },
      { ...group, members: [...group.members, { userId: 'U3' }] },
    ]) {
      expect(fingerprintGroup(changed)).not.toBe(same);
    }
    expect(same).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('a group fingerprint hashes the canonical JSON of name, externalId, source and sorted member ids', () => {
    for (const g of [group, { id: 'g3', name: 'Ünï "q"\n', members: [{ userId: 'é' }, { userId: 'Z' }, { userId: 'a' }] }]) {
      const members = g.members.map((m) => m.userId).sort();
      expect(fingerprintGroup(g)).toBe(sha256(canonicalJson({ name: g.name, externalId: g.externalId ?? null, source: g.source ?? null, members })));
    }
  });

  it('the group-set fingerprint ignores order and members, and sees ids, names and externalIds', () => {
    const other: LiveGroup = { id: 'g2', name: 'Ops', members: [] };
    const set = fingerprintGroupSet([group, other]);
    expect(fingerprintGroupSet([other, { ...group, members: [] }])).toBe(set);
    expect(fingerprintGroupSet([group])).not.toBe(set);
    expect(fingerprintGroupSet([group, { ...other, name: 'Ops2' }])).not.toBe(set);
    expect(fingerprintGroupSet([group, { ...other, externalId: 'o' }])).not.toBe(set);
    expect(fingerprintGroupSet([group, { ...other, id: 'g3' }])).not.toBe(set);
  });
});

function withoutExternalId(group: LiveGroup): LiveGroup {
  const { externalId: _externalId, ...rest } = group;
  return rest;
}
