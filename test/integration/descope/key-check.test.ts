import { describe, expect, it } from 'vitest';
import { GroupformError } from '../../../src/errors.js';
import { create, remove, update } from '../../support/changes.js';
import { rejection } from '../../support/rejection.js';
import { scimWrites } from '../e2e/fixtures.js';
import { SCIM_KEYS, desiredTenant, emptyTenants, withEmulator, withProvider } from './helpers.js';

const refusal = (promise: Promise<unknown>) => rejection(promise, GroupformError);

describe('a SCIM key of another tenant', () => {
  it('is refused before any write, for every change of the tenant, after one check', async () => {
    await withEmulator({}, async (emulator) => {
      const before = emulator.snapshot();
      const t1 = desiredTenant('T1', {}, { scimKey: SCIM_KEYS.T2 });
      await withProvider(emulator, [t1], async (provider) => {
        await provider.loadTenant(t1);
        const errors = [
          await refusal(provider.applyChange('T1', create('Platform', ['U1']))),
          await refusal(provider.applyChange('T1', update('Engineering', 'g1', ['U3']))),
          // T2's key gets 404 for every group of T1: a delete must not take that as "already gone".
          await refusal(provider.applyChange('T1', remove('Sales', 'g3'))),
        ];
        for (const error of errors) {
          expect(error.code).toBe('SCIM_KEY_WRONG_TENANT');
          expect(error.message).toContain('the SCIM key of tenant T1 from ${SCIM_KEY_T1} belongs to another tenant');
          expect(error.message).toContain('(h1)');
          expect(error.message).not.toContain(SCIM_KEYS.T2);
        }
      });
      expect(scimWrites(emulator)).toEqual([]);
      const routes = emulator.stats().routes;
      // One look at what the key sees; fresh reads of the tenant's groups (for as long as a SCIM write may take to
      // show in the management API) rule out a stale load.
      expect(routes['GET /scim/v2/Groups']).toBe(1);
      expect(routes['POST /v1/mgmt/group/all']).toBeGreaterThanOrEqual(2);
      expect(emulator.snapshot()).toEqual(before);
    });
  });

  it('of a tenant with no groups, given to another with none: the first create is deleted again and refused', async () => {
    await withEmulator({ seed: emptyTenants() }, async (emulator) => {
      const new1 = desiredTenant('NEW1', {}, { scimKey: 'sk-new2-secret' });
      await withProvider(emulator, [new1], async (provider) => {
        await provider.loadTenant(new1);
        const errors = await Promise.all(['A', 'B', 'C'].map((name) => refusal(provider.applyChange('NEW1', create(name, ['U1'])))));
        // Nothing proves this key wrong rather than slow to show its write: unconfirmed, and the probe's own empty group taken back.
        expect(errors.map((e) => e.code)).toEqual(['SCIM_KEY_UNCONFIRMED', 'SCIM_KEY_UNCONFIRMED', 'SCIM_KEY_UNCONFIRMED']);
        expect(errors[0]?.message).toMatch(/the group it created, "A" \(G\d+\), does not show in tenant NEW1; it was deleted again \(it had no members\)/);
      });
      const routes = emulator.stats().routes;
      // Only the first create ran, the others waited for its verdict; it added no member anywhere.
      expect([routes['POST /scim/v2/Groups'], routes['DELETE /scim/v2/Groups/{id}'], routes['PATCH /scim/v2/Groups/{id}']]).toEqual([1, 1, undefined]);
      const groups = emulator.snapshot().tenants;
      expect([groups.NEW1?.groups ?? [], groups.NEW2?.groups ?? []]).toEqual([[], []]);
    });
  });
});

describe('the tenant\'s own SCIM key', () => {
  it('is checked once per run with one list request when the tenant has groups', async () => {
    await withEmulator({}, async (emulator) => {
      const t1 = desiredTenant('T1');
      await withProvider(emulator, [t1], async (provider) => {
        await provider.loadTenant(t1);
        await Promise.all([provider.applyChange('T1', create('Platform', ['U1'])), provider.applyChange('T1', update('Engineering', 'g1', ['U3']))]);
        await provider.applyChange('T1', remove('Sales', 'g3'));
      });
      const routes = emulator.stats().routes;
      expect(routes['GET /scim/v2/Groups']).toBe(1);
      expect(routes['POST /v1/mgmt/group/all']).toBe(1);
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => g.display).sort()).toEqual(['Engineering', 'Platform', 'SSO Admins']);
    });
  });

  it('of a tenant with no groups is confirmed by its first create; the other creates then run', async () => {
    await withEmulator({ seed: emptyTenants() }, async (emulator) => {
      const new1 = desiredTenant('NEW1', {}, { scimKey: 'sk-new1-secret' });
      await withProvider(emulator, [new1], async (provider) => {
        await provider.loadTenant(new1);
        const applied = await Promise.all(['A', 'B', 'C'].map((name) => provider.applyChange('NEW1', create(name, ['U2']))));
        expect(applied.every((a) => a.groupId !== undefined && a.adopted === undefined)).toBe(true);
      });
      // One read confirms the probe's group; then the first create seen with its members judges the tenant's member
      // writes (the other two wait for the tenant's settle, not called here).
      expect(emulator.stats().routes['POST /v1/mgmt/group/members']).toBe(1 + 1);
      expect(emulator.snapshot().tenants.NEW1?.groups?.map((g) => g.display).sort()).toEqual(['A', 'B', 'C']);
      expect(emulator.snapshot().tenants.NEW2?.groups ?? []).toEqual([]);
    });
  });
});
