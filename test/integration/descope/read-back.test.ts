import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import { create, update } from '../../support/changes.js';
import { planOf, quietProgress, tenant } from '../../unit/apply/fakes.js';
import { desiredTenant, groupsViaSdk, withEmulator, withProvider } from './helpers.js';

const GROUP_ALL = 'POST /v1/mgmt/group/all';
const GROUP_MEMBERS = 'POST /v1/mgmt/group/members';

// T1 has Engineering (g1: U1, U2), SSO Admins (g2, jit) and Sales (g3: U3). The create adds members first, so it
// is the tenant's judged write; the two updates are only waited for.
const changes = () => [create('Platform', ['U1']), update('Engineering', 'g1', ['U3']), update('Sales', 'g3', ['U1'], ['U3'])];
const expected = { Engineering: ['U1', 'U2', 'U3'], Platform: ['U1'], Sales: ['U1'], 'SSO Admins': ['U3'] };

describe('apply reads a tenant\'s writes back together once its last change is over', () => {
  it('reads the judged write alone, then the others in one group/all', async () => {
    await withEmulator({}, async (emulator) => {
      await withProvider(emulator, [desiredTenant('T1')], async (provider) => {
        await provider.loadTenant(desiredTenant('T1'));
        const result = await applyPlan(planOf([tenant('T1', changes())]), provider, { tenantConcurrency: 4, progress: quietProgress() });
        expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done']);
        // The load's group/all, the create read back alone, then one group/all for both updates.
        expect([emulator.stats().routes[GROUP_ALL], emulator.stats().routes[GROUP_MEMBERS]]).toEqual([2, 1]);
      });
      expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(expected);
    });
  });

  it('reads a group one by one where group/all leaves its members out', async () => {
    await withEmulator({ descopeInlineMembers: false }, async (emulator) => {
      await withProvider(emulator, [desiredTenant('T1')], async (provider) => {
        await provider.loadTenant(desiredTenant('T1'));
        const result = await applyPlan(planOf([tenant('T1', changes())]), provider, { tenantConcurrency: 4, progress: quietProgress() });
        expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done']);
        // The load: group/all and 3 group/members; the create read back; group/all, then the 2 updated groups.
        expect([emulator.stats().routes[GROUP_ALL], emulator.stats().routes[GROUP_MEMBERS]]).toEqual([2, 6]);
      });
    });
  });

  it('returns only once the management API shows every write, though it shows them 300 ms late', async () => {
    await withEmulator({ consistencyLagMs: 300 }, async (emulator) => {
      await withProvider(
        emulator,
        [desiredTenant('T1')],
        async (provider) => {
          await provider.loadTenant(desiredTenant('T1'));
          await applyPlan(planOf([tenant('T1', changes())]), provider, { tenantConcurrency: 4, progress: quietProgress() });
          expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(expected);
        },
        { writeVisibilitySeconds: 5 },
      );
    });
  });
});
