import { describe, expect, it } from 'vitest';
import { selectImportTargets } from '../../../src/import/targets.js';
import { Secret } from '../../../src/model/secret.js';
import type { DesiredState, DesiredTenant } from '../../../src/model/types.js';

const at = { file: 'groupform.yaml', line: 1, column: 1 };
const safety = { maxRemovalPercent: 10, maxGroupDeletePercent: 5 };

function declared(tenantId: string, credential?: Secret): DesiredTenant {
  return {
    tenantId,
    groups: [{ name: 'Eng', previously: [], membersMode: 'authoritative', at }],
    unmanagedGroups: 'delete',
    safety,
    ...(credential === undefined ? {} : { credential }),
    at: { ...at, line: 9 },
  };
}

function config(type: 'descope' | 'scim', tenants: DesiredTenant[] = []): DesiredState {
  const provider =
    type === 'descope'
      ? { type, projectId: 'P2x', writeMode: 'patch' as const, http: {} }
      : { type, baseUrl: 'https://scim.example.com/{tenantId}/scim/v2', profile: 'aws' as const, token: new Secret('provider-token', '${SCIM_TOKEN}'), http: {} };
  return { provider, providerAt: at, tenants, files: ['groupform.yaml'] };
}

describe('selectImportTargets', () => {
  it('takes exact ids that need not be declared, each with no groups, sorted', () => {
    const targets = selectImportTargets(config('descope'), { tenant: ['T2b', 'T1a'] });
    expect(targets.tenants).toEqual([
      { tenantId: 'T1a', groups: [], unmanagedGroups: 'ignore', safety: { maxRemovalPercent: 25, maxGroupDeletePercent: 25 }, at },
      { tenantId: 'T2b', groups: [], unmanagedGroups: 'ignore', safety: { maxRemovalPercent: 25, maxGroupDeletePercent: 25 }, at },
    ]);
  });

  it('gives scim tenants the provider token, and a declared tenant its own credential but none of its groups', () => {
    const own = new Secret('own', '${SCIM_TOKEN_T1}');
    const targets = selectImportTargets(config('scim', [declared('T1', own)]), { tenant: ['T1', 'T9'] });
    expect(targets.tenants.map((t) => [t.tenantId, t.groups.length, t.credential?.reveal(), t.at.line])).toEqual([
      ['T1', 0, 'own', 9],
      ['T9', 0, 'provider-token', 1],
    ]);
  });

  it('expands globs over the declared tenants only, then applies --exclude-tenant and --shard', () => {
    const set = config('descope', ['Tacme', 'Tbeta', 'Xother'].map((id) => declared(id)));
    expect(selectImportTargets(set, { tenant: ['T*'] }).tenants.map((t) => t.tenantId)).toEqual(['Tacme', 'Tbeta']);
    expect(selectImportTargets(set, { tenant: ['T*', 'Znew'], excludeTenant: ['Tb*'] }).tenants.map((t) => t.tenantId)).toEqual(['Tacme', 'Znew']);
    expect(selectImportTargets(set, { tenant: ['*'], shard: '2/2' }).tenants.map((t) => t.tenantId)).toEqual(['Tbeta']);
  });

  it.each([
    [{}, 'IMPORT_NO_TENANT'],
    [{ tenant: [] }, 'IMPORT_NO_TENANT'],
    [{ tenant: ['Q*'] }, 'NO_TENANT_SELECTED'],
    [{ tenant: ['T1'], shard: '3/2' }, 'INVALID_SHARD'],
  ])('%j fails with %s', (selection, code) => {
    expect(() => selectImportTargets(config('descope', [declared('T1')]), selection)).toThrow(expect.objectContaining({ code }));
  });
});
