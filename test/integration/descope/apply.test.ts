import { describe, expect, it } from 'vitest';
import { create, remove, update } from '../../support/changes.js';
import { withProxy, type Answer } from '../../support/proxy.js';
import { bigUsers, desiredTenant, groupsViaSdk, scimCounts, withEmulator, withProvider } from './helpers.js';

const PATCH = 'PATCH /scim/v2/Groups/{id}';
const PUT = 'PUT /scim/v2/Groups/{id}';
const GET_ONE = 'GET /scim/v2/Groups/{id}';
const CREATE = 'POST /scim/v2/Groups';
const LIST = 'GET /scim/v2/Groups';

const t1 = () => desiredTenant('T1');

describe('applyChange writes through Descope SCIM (read back with the official SDK)', () => {
  it('creates, renames, adds, removes (escaped ids) and deletes', async () => {
    await withEmulator({}, async (emulator) => {
      await withProvider(emulator, [t1()], async (provider) => {
        await provider.loadTenant(t1());
        const created = await provider.applyChange('T1', create('Platform', ['U1', 'U3'], 'platform'));
        expect(created.adopted).toBeUndefined();
        expect(created.groupId).toMatch(/^G\d+$/);
        await provider.applyChange('T1', update('Eng Team', 'g1', ['U3', 'U\\4'], ['U2'], 'Engineering'));
        expect(await groupsViaSdk(emulator.url, 'T1')).toEqual({
          'Eng Team': ['U1', 'U3', 'U\\4'],
          Platform: ['U1', 'U3'],
          Sales: ['U3'],
          'SSO Admins': ['U3'],
        });
        await provider.applyChange('T1', { ...update('Eng Team', 'g1', [], ['U\\4']), externalId: 'eng' });
        expect(await provider.applyChange('T1', remove('Sales', 'g3'))).toEqual({ groupId: 'g3' });
        // Already gone (404) is what a delete wants.
        expect(await provider.applyChange('T1', remove('Sales', 'g3'))).toEqual({ groupId: 'g3' });
        expect(await groupsViaSdk(emulator.url, 'T1')).toEqual({ 'Eng Team': ['U1', 'U3'], Platform: ['U1', 'U3'], 'SSO Admins': ['U3'] });
        const groups = emulator.snapshot().tenants.T1?.groups ?? [];
        expect(groups.find((g) => g.display === 'Platform')?.externalId).toBe('platform');
        expect(groups.find((g) => g.id === 'g1')?.externalId).toBe('eng');
        // The one list is the key check before the tenant's first write; the second DELETE's 404 needs no other.
        expect(scimCounts(emulator)).toEqual({ [LIST]: 1, [CREATE]: 1, [PATCH]: 2, 'DELETE /scim/v2/Groups/{id}': 2 });
      });
    });
  });

  it('splits more than 100 membership changes into as few PATCHes as possible', async () => {
    await withEmulator({}, async (emulator) => {
      const big = desiredTenant('BIG');
      await withProvider(emulator, [big], async (provider) => {
        const everyone = bigUsers(150).map((u) => u.userId);
        const newcomers = bigUsers(180).slice(150).map((u) => u.userId);
        await provider.applyChange('BIG', update('Everyone', 'b1', newcomers, everyone));
        expect(await groupsViaSdk(emulator.url, 'BIG')).toEqual({ Everyone: newcomers });
        // 180 changes at 100 per request.
        expect(scimCounts(emulator)[PATCH]).toBe(2);
      });
    });
  });

  it('renames, then sends the other PATCHes of a big change together, and every one lands', async () => {
    await withEmulator({}, async (emulator) => {
      const big = desiredTenant('BIG');
      await withProvider(emulator, [big], async (provider) => {
        const everyone = bigUsers(150).map((u) => u.userId);
        const newcomers = bigUsers(400).slice(150).map((u) => u.userId);
        await provider.applyChange('BIG', update('All', 'b1', newcomers, everyone.slice(0, 100), 'Everyone'));
        expect(await groupsViaSdk(emulator.url, 'BIG')).toEqual({ All: [...everyone.slice(100), ...newcomers].sort() });
        // The rename rides with the first 100 changes; 250 more at 100 per request.
        expect(emulator.stats().routeStatuses[PATCH]).toEqual({ '200': 4 });
      });
    });
  });

  it('sends every PATCH of a change without a rename at once', async () => {
    await withEmulator({}, async (emulator) => {
      // PATCHes are held until two are waiting; a client sending them one after another still finishes through the
      // fallback, with one held at a time, so the assertion fails instead of the test hanging.
      const held: (() => void)[] = [];
      let mostHeld = 0;
      const release = (): void => {
        for (const answer of held.splice(0)) answer();
      };
      const decide = (request: string): Answer | Promise<Answer> => {
        if (request !== 'PATCH /scim/v2/Groups/b1') return 'forward';
        return new Promise((resolve) => {
          held.push(() => resolve('forward'));
          mostHeld = Math.max(mostHeld, held.length);
          if (held.length === 2) release();
          else setTimeout(release, 300);
        });
      };
      await withProxy(emulator.url, decide, async (url, seen) => {
        const big = desiredTenant('BIG');
        await withProvider({ url }, [big], async (provider) => {
          const everyone = bigUsers(150).map((u) => u.userId);
          const newcomers = bigUsers(180).slice(150).map((u) => u.userId);
          await provider.applyChange('BIG', update('Everyone', 'b1', newcomers, everyone));
          expect(await groupsViaSdk(emulator.url, 'BIG')).toEqual({ Everyone: newcomers });
        });
        expect(seen.filter((r) => r.startsWith('PATCH'))).toHaveLength(2);
        expect(mostHeld).toBe(2);
      });
    });
  });

  it('creates a group with 150 members as a create of 100 and one PATCH', async () => {
    await withEmulator({ descopeScimCreateStatus: 200, descopeScimPatch: 'no-content' }, async (emulator) => {
      const big = desiredTenant('BIG');
      await withProvider(emulator, [big], async (provider) => {
        const ids = bigUsers(150).map((u) => u.userId);
        await provider.applyChange('BIG', create('Large', ids));
        expect((await groupsViaSdk(emulator.url, 'BIG')).Large).toEqual(ids);
        expect(scimCounts(emulator)).toEqual({ [LIST]: 1, [CREATE]: 1, [PATCH]: 1 });
      });
    });
  });

  it('PUT write mode reads the group and writes its full member list', async () => {
    await withEmulator({}, async (emulator) => {
      await withProvider(
        emulator,
        [t1()],
        async (provider) => {
          await provider.applyChange('T1', update('Engineering Team', 'g1', ['U5'], ['U1'], 'Engineering'));
          await provider.applyChange('T1', update('Sales', 'g3', ['U1', 'U2']));
          expect(await groupsViaSdk(emulator.url, 'T1')).toMatchObject({ 'Engineering Team': ['U2', 'U5'], Sales: ['U1', 'U2', 'U3'] });
          // The externalId the group had survives the full replace.
          expect(emulator.snapshot().tenants.T1?.groups?.find((g) => g.id === 'g3')?.externalId).toBe('sales');
          const routes = scimCounts(emulator);
          expect([routes[GET_ONE], routes[PUT], routes[PATCH]]).toEqual([2, 2, undefined]);
        },
        { writeMode: 'put' },
      );
    });
  });

  it('falls back to PUT for the rest of the run when PATCH is refused with 501', async () => {
    await withEmulator({ descopeScimPatch: 'unsupported' }, async (emulator) => {
      await withProvider(emulator, [t1()], async (provider) => {
        await provider.applyChange('T1', update('Engineering', 'g1', ['U3']));
        await provider.applyChange('T1', update('Sales', 'g3', [], ['U3']));
        expect(await groupsViaSdk(emulator.url, 'T1')).toMatchObject({ Engineering: ['U1', 'U2', 'U3'], Sales: [] });
        expect(emulator.stats().routeStatuses[PATCH]).toEqual({ '501': 1 });
        expect(scimCounts(emulator)[PUT]).toBe(2);
      });
    });
  });

  it('adopts the existing group when a create gets 409, and adds the change members', async () => {
    await withEmulator({}, async (emulator) => {
      await withProvider(emulator, [t1()], async (provider) => {
        // The emulator compares names case-insensitively, like the RFC.
        const adopted = await provider.applyChange('T1', create('ENGINEERING', ['U1', 'U5'], 'eng'));
        expect(adopted).toEqual({ groupId: 'g1', adopted: true });
        expect(await groupsViaSdk(emulator.url, 'T1')).toMatchObject({ ENGINEERING: ['U1', 'U2', 'U5'] });
        expect(emulator.snapshot().tenants.T1?.groups?.filter((g) => g.display.toLowerCase() === 'engineering')).toHaveLength(1);
        expect(emulator.stats().routeStatuses[CREATE]).toEqual({ '409': 1 });
        // The key check, then the search of the whole list after the 409.
        expect(scimCounts(emulator)[LIST]).toBe(2);
      });
    });
  });

  it('refuses to write a group the load saw as jit, without a request', async () => {
    await withEmulator({}, async (emulator) => {
      await withProvider(emulator, [t1()], async (provider) => {
        await provider.loadTenant(t1());
        const before = emulator.stats().requests;
        await expect(provider.applyChange('T1', update('SSO Admins', 'g2', ['U1']))).rejects.toMatchObject({ code: 'READ_ONLY_GROUP' });
        await expect(provider.applyChange('T1', remove('SSO Admins', 'g2'))).rejects.toThrow(/SSO Admins.*jit/);
        expect(emulator.stats().requests).toBe(before);
      });
    });
  });
});
