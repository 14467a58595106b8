import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseShard, selectTenants } from '../../../src/config/index.js';
import { compileGlob } from '../../../src/config/select.js';
import { GroupformError } from '../../../src/errors.js';
import type { DesiredState } from '../../../src/model/types.js';

const at = { file: 'c.yaml', line: 1, column: 1 };

function desiredWith(ids: string[]): DesiredState {
  return {
    provider: { type: 'descope', projectId: 'P', writeMode: 'patch', http: {} },
    providerAt: at,
    files: ['c.yaml'],
    tenants: ids.map((tenantId) => ({ tenantId, groups: [], unmanagedGroups: 'ignore', safety: { maxRemovalPercent: 25, maxGroupDeletePercent: 25 }, at })),
  };
}

const ids = ['T2acme', 'T2beta', 'T2gamma', 'T3acme', 'prod-eu', 'prod-us'];
const selected = (selection: Parameters<typeof selectTenants>[1]): string[] => selectTenants(desiredWith(ids), selection).tenants.map((t) => t.tenantId);

describe('selectTenants', () => {
  it.each([
    [{ include: [], exclude: [] }, ids],
    [{ include: ['T2*'], exclude: [] }, ['T2acme', 'T2beta', 'T2gamma']],
    [{ include: ['T?acme'], exclude: [] }, ['T2acme', 'T3acme']],
    [{ include: ['T2*', 'prod-??'], exclude: ['*beta', 'prod-us'] }, ['T2acme', 'T2gamma', 'prod-eu']],
    [{ include: ['prod.eu'], exclude: [] }, 'none'],
    [{ include: ['T2'], exclude: [] }, 'none'],
    [{ include: [], exclude: [], shard: { index: 1, count: 3 } }, ['T2acme', 'T3acme']],
    [{ include: [], exclude: [], shard: { index: 3, count: 3 } }, ['T2gamma', 'prod-us']],
    [{ include: ['T2*'], exclude: [], shard: { index: 2, count: 2 } }, ['T2beta']],
    [{ include: ['T2*'], exclude: [], shard: { index: 4, count: 4 } }, 'none'],
  ])('%j -> %j', (selection, expected) => {
    if (expected === 'none') {
      expect(() => selected(selection)).toThrow(expect.objectContaining({ code: 'NO_TENANT_SELECTED' }));
    } else {
      expect(selected(selection)).toEqual(expected);
    }
  });

  it('leaves a config set without tenants alone when nothing is filtered', () => {
    expect(selectTenants(desiredWith([]), { include: [], exclude: [] }).tenants).toEqual([]);
  });

  it('shards partition the selection: every tenant in exactly one shard', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 8 }), (tenantIds, count) => {
        const sorted = [...tenantIds].sort();
        const seen: string[] = [];
        for (let index = 1; index <= count; index += 1) {
          try {
            seen.push(...selectTenants(desiredWith(sorted), { include: [], exclude: [], shard: { index, count } }).tenants.map((t) => t.tenantId));
          } catch (error) {
            if (!(error instanceof GroupformError) || error.code !== 'NO_TENANT_SELECTED') throw error;
          }
        }
        expect(seen.sort()).toEqual(sorted);
      }),
    );
  });
});

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    ['4/4', { index: 4, count: 4 }],
  ])('%s', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each(['0/4', '5/4', '1/0', '1', '1/2/3', 'a/b', '-1/2', ''])('rejects %j', (text) => {
    expect(() => parseShard(text)).toThrow(expect.objectContaining({ code: 'INVALID_SHARD' }));
  });
});

describe('tenant globs', () => {
  const asRegExp = (glob: string): RegExp =>
    new RegExp(`^${[...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('')}$`, 'su');

  it('match exactly what the equivalent regular expression matches', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?', '.');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b', '.'), { maxLength: 10 }), (glob, id) => {
        expect(compileGlob(glob.join(''))(id.join(''))).toBe(asRegExp(glob.join('')).test(id.join('')));
      }),
      { numRuns: 2000 },
    );
  });

  it('a glob that would make a regular expression backtrack exponentially is answered at once', () => {
    const id = `T${'a'.repeat(5_000)}`;
    expect(() => selectTenants(desiredWith([id]), { include: ['*a*a*a*a*a*a*a*a*a*a*a*a*b'], exclude: [] })).toThrow(GroupformError);
    expect(compileGlob('*a*a*a*a*a*a*a*a*a*a*a*a*a')(id)).toBe(true);
  });
});
