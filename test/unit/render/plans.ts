import type { GroupChange, Plan, TenantPlan } from '../../../src/model/types.js';
import { summarizePlan } from '../../../src/plan/compute.js';

export const sha = (c: string): string => `sha256:${c.repeat(64)}`;

/** Two changed tenants (one blocked), two unchanged (one with an unmanaged group). */
export const representativePlan: Plan = {
  formatVersion: 1,
  planId: '3f9a1c2e7b10',
  configDigest: sha('0'),
  provider: { type: 'descope', baseUrl: 'https://api.descope.com', projectId: 'P2abc' },
  tenants: [
    {
      tenant: 'T1',
      changes: [
        {
          action: 'create',
          group: 'Platform',
          externalId: null,
          membersMode: 'authoritative',
          add: [{ userId: 'U1', loginId: 'alice@acme.com' }],
          remove: [],
        },
        {
          action: 'update',
          group: 'Engineering',
          groupId: 'g1',
          renameFrom: 'Eng',
          membersMode: 'authoritative',
          add: [],
          remove: [{ userId: 'U9', loginId: 'dave@acme.com' }],
        },
        { action: 'delete', group: 'Legacy', groupId: 'g7', add: [], remove: [{ userId: 'U3' }] },
      ],
      unmanagedGroups: ['Sales', 'Support'],
      blocked: [{ code: 'MAX_REMOVALS', message: 'removes 2 of 4 live memberships (50%), over maxRemovalPercent 25' }],
      fingerprints: { g7: sha('7'), '@groups': sha('a'), g1: sha('1') },
    },
    {
      tenant: 'T2',
      changes: [
        { action: 'create', group: 'Auditors', externalId: 'aud', membersMode: 'unmanaged', add: [], remove: [] },
        {
          action: 'update',
          group: 'Ops',
          groupId: 'g2',
          externalId: 'ops',
          membersMode: 'additive',
          add: [{ userId: 'U2', loginId: 'bob@acme.com' }, { userId: 'U4' }],
          remove: [],
        },
      ],
      unmanagedGroups: [],
      blocked: [],
      fingerprints: { g2: sha('2'), '@groups': sha('b') },
    },
    { tenant: 'T3', changes: [], unmanagedGroups: [], blocked: [], fingerprints: {} },
    { tenant: 'T4', changes: [], unmanagedGroups: ['Old'], blocked: [], fingerprints: {} },
  ],
  summary: { groupsToCreate: 2, groupsToUpdate: 2, groupsToDelete: 1, membersToAdd: 3, membersToRemove: 2, blocked: true },
};

export function planOf(tenants: TenantPlan[]): Plan {
  return {
    formatVersion: 1,
    planId: 'abcdef012345',
    configDigest: sha('c'),
    provider: { type: 'scim', baseUrl: 'https://scim.example.com/{tenantId}/scim/v2', profile: 'aws' },
    tenants,
    summary: summarizePlan(tenants),
  };
}

export function tenantOf(tenant: string, changes: GroupChange[], extra: Partial<TenantPlan> = {}): TenantPlan {
  const fingerprints: Record<string, string> = { '@groups': sha('f') };
  for (const c of changes) if (c.action !== 'create') fingerprints[c.groupId] = sha('e');
  return { tenant, changes, unmanagedGroups: [], blocked: [], fingerprints, ...extra };
}

/** `tenants` tenants, each updating `groups` groups that gain and lose `members` members. */
export function largePlan(tenants: number, groups: number, members: number): Plan {
  const list: TenantPlan[] = [];
  for (let t = 0; t < tenants; t++) {
    const tenantId = `T${String(t).padStart(4, '0')}-${'x'.repeat(20)}`;
    const changes: GroupChange[] = [];
    for (let g = 0; g < groups; g++) {
      changes.push({
        action: 'update',
        group: `Group number ${g} of tenant ${t}`,
        groupId: `g${t}-${g}`,
        membersMode: 'authoritative',
        add: Array.from({ length: members }, (_, m) => ({ userId: `U${t}-${g}-a${m}`, loginId: `user${m}.added@tenant${t}.example.com` })),
        remove: Array.from({ length: members }, (_, m) => ({ userId: `U${t}-${g}-r${m}`, loginId: `user${m}.gone@tenant${t}.example.com` })),
      });
    }
    list.push(tenantOf(tenantId, changes, t % 7 === 0 ? { blocked: [{ code: 'MAX_REMOVALS', message: 'too many' }] } : {}));
  }
  return planOf(list);
}
