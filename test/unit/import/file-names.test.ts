import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tenantFileNames } from '../../../src/import/file-names.js';

describe('tenantFileNames', () => {
  it('keeps safe ids as they are', () => {
    expect([...tenantFileNames(['T2acme', 'd-9067642ac7', 'a.b_c'])]).toEqual([
      ['T2acme', 'T2acme.yaml'],
      ['a.b_c', 'a.b_c.yaml'],
      ['d-9067642ac7', 'd-9067642ac7.yaml'],
    ]);
  });

  it.each(['../etc/passwd', 'a/b', 'a\\b', '.hidden', 'C:x', 'ten ant', '', '-rf'])('makes %j path-safe and marks it with a hash', (id) => {
    const name = tenantFileNames([id]).get(id)!;
    expect(name).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*-[0-9a-f]{8}\.yaml$/);
  });

  it('separates ids that clash on a case-insensitive file system', () => {
    const names = tenantFileNames(['Acme', 'acme']);
    expect(names.get('Acme')).toMatch(/^Acme-[0-9a-f]{8}\.yaml$/);
    expect(names.get('acme')).toMatch(/^acme-[0-9a-f]{8}\.yaml$/);
  });

  it('never gives two tenants the same file, even case-insensitively', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'A', '/', '.', '_', '-', 'é'), maxLength: 4 }), { maxLength: 8 }), (ids) => {
        const names = [...tenantFileNames(ids).values()].map((n) => n.toLowerCase());
        expect(new Set(names).size).toBe(ids.length);
        for (const name of names) expect(name).toMatch(/^[a-z0-9_][a-z0-9._-]*\.yaml$/);
      }),
    );
  });
});
