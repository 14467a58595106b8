import { expect } from 'vitest';
import type { SnapshotTenant } from '../../../src/config/snapshot.js';
import type { DesiredTenant, MembersMode } from '../../../src/model/types.js';
import type { Provider } from '../../../src/providers/provider.js';
import type { ScimmyServer, ScimmyTenantSeed } from '../../support/scimmy-server.js';
import { applyAll, changeLines, desiredTenant, planAgainst, range } from './helpers.js';

/** One scenario for every server: creates, a rename by `previously`, a case-only rename, >100 removals, a delete. */

export const RD = 'R&D "Core" \\ Ops + Ünïcode';
export const QUOTED = 'o"neil+test 1@acme.test';
export const BACKSLASH = 'back\\slash@acme.test';
export const ACCENTED = 'zoë.åström@acme.test';

export interface ScenarioUser {
  id: string;
  userName: string;
}

export interface ScenarioGroup {
  id: string;
  displayName: string;
  members: string[];
}

export function scenarioUsers(): ScenarioUser[] {
  return [
    ...range('u', 0, 150).map((id) => ({ id, userName: loginOf(id) })),
    { id: 'sp1', userName: QUOTED },
    { id: 'sp2', userName: BACKSLASH },
    { id: 'sp3', userName: ACCENTED },
  ];
}

export function scenarioGroups(): ScenarioGroup[] {
  return [
    { id: 'g-eng', displayName: 'Engineering', members: range('u', 0, 5) },
    { id: 'g-old', displayName: 'Old Name', members: ['u005', 'u006'] },
    { id: 'g-big', displayName: 'Big', members: range('u', 0, 140) },
    { id: 'g-legacy', displayName: 'Legacy', members: ['u010'] },
    { id: 'g-sales', displayName: 'sales', members: ['u020'] },
    { id: 'g-keep', displayName: 'Keep', members: ['u030'] },
  ];
}

export function loginOf(userId: string): string {
  return `user${userId.slice(1)}@acme.test`;
}

export function scenarioDesired(tenantId: string, token: string, mode: MembersMode = 'authoritative'): DesiredTenant {
  return desiredTenant(
    tenantId,
    {
      Engineering: { members: ['USER000@ACME.TEST', 'user001@acme.test', { userId: 'u007' }] },
      Platform: { previously: ['Old Name'], members: ['u005', 'u008'].map(loginOf) },
      Big: { members: range('u', 120, 150).map(loginOf) },
      Sales: { members: ['u020', 'u021'].map(loginOf) },
      Keep: {},
      'New Team': { members: range('u', 0, 130).map(loginOf) },
      'Empty Team': { members: [] },
      [RD]: { members: [QUOTED, BACKSLASH, 'ZOË.ÅSTRÖM@ACME.TEST'] },
    },
    { unmanaged: 'delete', token, mode },
  );
}

export function expectedFirstPlan(tenantId: string): string[] {
  return [
    `${tenantId} create Empty Team +0 -0`,
    `${tenantId} create New Team +130 -0`,
    `${tenantId} create ${RD} +3 -0`,
    `${tenantId} update Big +10 -120`,
    `${tenantId} update Engineering +1 -3`,
    `${tenantId} update Platform (from Old Name) +1 -1`,
    `${tenantId} update Sales (from sales) +1 -0`,
    `${tenantId} delete Legacy +0 -1`,
  ];
}

/** Display name -> sorted member ids, as the scenario leaves the tenant. */
export function expectedFinalGroups(): Record<string, string[]> {
  return {
    Big: range('u', 120, 150),
    'Empty Team': [],
    Engineering: ['u000', 'u001', 'u007'],
    Keep: ['u030'],
    'New Team': range('u', 0, 130),
    Platform: ['u005', 'u008'],
    [RD]: ['sp1', 'sp2', 'sp3'],
    Sales: ['u020', 'u021'],
  };
}

export function scimmySeed(token: string): ScimmyTenantSeed {
  return { token, users: scenarioUsers(), groups: scenarioGroups() };
}

export function snapshotTenant(token: string): SnapshotTenant {
  return {
    scimKey: token,
    users: scenarioUsers().map((u) => ({ userId: u.id, loginId: u.userName })),
    groups: scenarioGroups().map((g) => ({ id: g.id, display: g.displayName, members: g.members })),
  };
}

export function byName(groups: readonly { name: string; members: readonly string[] }[]): Record<string, string[]> {
  return Object.fromEntries(groups.map((g) => [g.name, [...g.members].sort()]).sort(([a], [b]) => ((a ?? '') < (b ?? '') ? -1 : 1)));
}

export function scimmyGroups(server: ScimmyServer, tenantId: string): Record<string, string[]> {
  return byName(server.groups(tenantId).map((g) => ({ name: g.displayName, members: g.members.map((m) => m.value) })));
}

/** plan -> the expected first plan -> apply -> plan again: no changes. Closes the provider. */
export async function expectScenarioConverges(provider: Provider, tenant: DesiredTenant): Promise<void> {
  const first = await planAgainst(provider, [tenant]);
  expect(first.diagnostics).toEqual([]);
  expect(changeLines(first.plan)).toEqual(expectedFirstPlan(tenant.tenantId));
  await applyAll(provider, first.plan);
  const second = await planAgainst(provider, [tenant]);
  await provider.close();
  expect(second.diagnostics).toEqual([]);
  expect(changeLines(second.plan)).toEqual([]);
}
