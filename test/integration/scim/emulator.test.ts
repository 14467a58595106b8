import { describe, expect, it } from 'vitest';
import type { EmulatorOptions, RunningEmulator } from '../../../src/emulator/index.js';
import type { ScimProfileName } from '../../../src/model/types.js';
import { applyAll, changeLines, desiredTenant, planAgainst, range, scimProvider } from './helpers.js';
import { byName, expectedFinalGroups, expectScenarioConverges, loginOf, scenarioDesired, snapshotTenant } from './scenario.js';
import type { ScimProviderOptions } from '../../../src/providers/scim/provider.js';
import { GroupformError } from '../../../src/errors.js';
import { rejection } from '../../support/rejection.js';
import { withEmulator } from '../emulator/helpers.js';

const TENANT = 'T 1';
const TOKEN = 'sk-t1';

function withScimEmulator<T>(profile: ScimProfileName, options: EmulatorOptions, run: (emulator: RunningEmulator, baseUrl: string) => Promise<T>): Promise<T> {
  const seed = { tenants: { [TENANT]: snapshotTenant(TOKEN) } };
  return withEmulator({ seed, profile, ...options }, (emulator) => run(emulator, `${emulator.url}/{tenantId}/scim/v2`));
}

function liveGroups(emulator: RunningEmulator): Record<string, string[]> {
  return byName((emulator.snapshot().tenants[TENANT]?.groups ?? []).map((g) => ({ name: g.display, members: g.members ?? [] })));
}

/** Every answer below 400: the emulator refuses what breaks a documented limit, so none was broken. */
function expectNoRefusals(emulator: RunningEmulator): void {
  expect(Object.keys(emulator.stats().statuses).filter((status) => Number(status) >= 400)).toEqual([]);
}

async function converge(profile: ScimProfileName, options: EmulatorOptions, providerOptions: ScimProviderOptions = {}): Promise<void> {
  await withScimEmulator(profile, options, async (emulator, baseUrl) => {
    const tenant = scenarioDesired(TENANT, TOKEN);
    await expectScenarioConverges(scimProvider(baseUrl, profile, [tenant], providerOptions), tenant);
    expect(liveGroups(emulator)).toEqual(expectedFinalGroups());
    expectNoRefusals(emulator);
  });
}

describe('scim provider against the emulator', () => {
  it('aws: members read through the members.value filter; plan, apply, re-plan converges within every limit', async () => {
    await converge('aws', {});
  });

  it('huawei, members filled on list (the API reference reading): converges within every limit', async () => {
    await converge('huawei', {});
  });

  it('huawei, members filled on list, names compared case-insensitively by the server: converges', async () => {
    await converge('huawei', { filterCase: 'insensitive' });
  });

  it('aws with members shown on GET and list (evidence overrides the documented reading): converges', async () => {
    await converge('aws', { membersOnGet: 'filled' });
  });

  for (const [profile, paging] of [['aws', 'cursor paging, 100 a page'], ['huawei', 'startIndex paging, 50 a page']] as const) {
    it(`${profile}: reads every group through ${paging}`, async () => {
      const groups = range('g', 0, 130).map((id, i) => ({ id, display: `Group ${i}`, members: i < 3 ? ['u000'] : [] }));
      const seed = { tenants: { [TENANT]: { scimKey: TOKEN, users: [{ userId: 'u000', loginId: loginOf('u000') }], groups } } };
      await withScimEmulator(profile, { seed }, async (emulator, baseUrl) => {
        const tenant = scenarioDesired(TENANT, TOKEN);
        const provider = scimProvider(baseUrl, profile, [tenant]);
        const live = await provider.loadTenant(tenant);
        await provider.close();
        expect(live.groups).toHaveLength(130);
        expect(live.groups.filter((g) => g.members.length > 0).map((g) => g.name)).toEqual(['Group 0', 'Group 1', 'Group 2']);
        expectNoRefusals(emulator);
      });
    });
  }

  it('huawei: a refused (expired) token is named as such, without its value; write errors carry Huawei\'s detail', async () => {
    await withScimEmulator('huawei', {}, async (_emulator, baseUrl) => {
      const stale = desiredTenant(TENANT, {}, { token: 'sk-expired-value' });
      const refused = scimProvider(baseUrl, 'huawei', [stale]);
      const error = await rejection(refused.loadTenant(stale), GroupformError);
      await refused.close();
      expect(error).toMatchObject({ code: 'SCIM_TOKEN_REJECTED', message: expect.stringMatching(/^tenant T 1: .*invalid or expired/) });
      expect(error.message).not.toContain('sk-expired-value');

      const tenant = desiredTenant(TENANT, {}, { token: TOKEN });
      const provider = scimProvider(baseUrl, 'huawei', [tenant]);
      const rename = provider.applyChange(TENANT, { action: 'update', group: 'Engineering', groupId: 'g-big', renameFrom: 'Big', membersMode: 'unmanaged', add: [], remove: [] });
      await expect(rename).rejects.toMatchObject({ status: 409, message: expect.stringContaining('a group named Engineering already exists') });
      await provider.close();
    });
  });

  describe('huawei with empty members on GET and list (the SDK reading): membership cannot be read', () => {
    it('authoritative mode is an error naming each group and the reason', async () => {
      await withScimEmulator('huawei', { membersOnGet: 'empty' }, async (emulator, baseUrl) => {
        const tenant = scenarioDesired(TENANT, TOKEN);
        const provider = scimProvider(baseUrl, 'huawei', [tenant]);
        const { diagnostics, live } = await planAgainst(provider, [tenant]);
        await provider.close();
        expect(live[0]!.groups.every((g) => g.membersUnreadable?.includes('no group shows members on list or GET'))).toBe(true);
        expect(diagnostics.map((d) => `${d.code} ${/group "([^"]+)"/.exec(d.message)?.[1]}`).sort()).toEqual([
          'MEMBERS_UNREADABLE Big',
          'MEMBERS_UNREADABLE Engineering',
          'MEMBERS_UNREADABLE Platform',
          'MEMBERS_UNREADABLE Sales',
        ]);
        expectNoRefusals(emulator);
      });
    });

    it('additive mode adds the declared members and removes nobody', async () => {
      await withScimEmulator('huawei', { membersOnGet: 'empty' }, async (emulator, baseUrl) => {
        const tenant = scenarioDesired(TENANT, TOKEN, 'additive');
        const provider = scimProvider(baseUrl, 'huawei', [tenant]);
        const first = await planAgainst(provider, [tenant]);
        expect(first.diagnostics).toEqual([]);
        expect(first.plan.tenants[0]!.changes.every((c) => c.action === 'delete' || c.remove.length === 0)).toBe(true);
        await applyAll(provider, first.plan);
        // Nobody can confirm who is in a group here: the next plan has no change, only the adds it asserts again.
        const second = await planAgainst(provider, [tenant]);
        await applyAll(provider, second.plan);
        await provider.close();
        expect(second.diagnostics).toEqual([]);
        expect(changeLines(second.plan)).toEqual([]);
        expect(second.plan.tenants[0]!.asserted?.map((a) => a.group)).toEqual(['Big', 'Engineering', 'New Team', 'Platform', 'R&D "Core" \\ Ops + Ünïcode', 'Sales']);
        expect(liveGroups(emulator)).toEqual({
          ...expectedFinalGroups(),
          Big: range('u', 0, 150),
          Engineering: ['u000', 'u001', 'u002', 'u003', 'u004', 'u007'],
          Platform: ['u005', 'u006', 'u008'],
        });
        expectNoRefusals(emulator);
      });
    });
  });

  describe('aws without the members.value and groups.value filters (an older revision): members are confirmed one by one', () => {
    const olderAws: ScimProviderOptions = { profileOverrides: { groupFilters: ['displayName', 'externalId', 'id', 'id and members'], userGroupFilter: false } };

    it('additive mode converges: confirmed members are not offered again', async () => {
      await withScimEmulator('aws', {}, async (emulator, baseUrl) => {
        const tenant = scenarioDesired(TENANT, TOKEN, 'additive');
        const provider = scimProvider(baseUrl, 'aws', [tenant], olderAws);
        const first = await planAgainst(provider, [tenant]);
        expect(first.diagnostics).toEqual([]);
        // Engineering already holds u000 and u001: only u007 is added.
        expect(changeLines(first.plan)).toContain(`${TENANT} update Engineering +1 -0`);
        await applyAll(provider, first.plan);
        const second = await planAgainst(provider, [tenant]);
        await provider.close();
        expect(changeLines(second.plan)).toEqual([]);
        expectNoRefusals(emulator);
      });
    });

    it('authoritative mode is an error', async () => {
      await withScimEmulator('aws', {}, async (_emulator, baseUrl) => {
        const tenant = scenarioDesired(TENANT, TOKEN);
        const provider = scimProvider(baseUrl, 'aws', [tenant], olderAws);
        const { diagnostics } = await planAgainst(provider, [tenant]);
        await provider.close();
        expect(new Set(diagnostics.map((d) => d.code))).toEqual(new Set(['MEMBERS_UNREADABLE']));
      });
    });
  });
});
