import { describe, expect, it } from 'vitest';
import { computeApprovers } from '../../../src/approvals/approvers.js';
import type { DesiredState, Plan } from '../../../src/model/types.js';
import { desiredGroup, desiredTenant, provider } from '../plan/builders.js';

function planWith(changes: Plan['tenants'][number]['changes']): Plan {
  return {
    formatVersion: 1, planId: 'abcdefabcdef', configDigest: `sha256:${'0'.repeat(64)}`, provider,
    tenants: [{ tenant: 'T1', changes, unmanagedGroups: [], blocked: [], fingerprints: {} }],
    summary: { groupsToCreate: 0, groupsToUpdate: 0, groupsToDelete: 0, membersToAdd: 0, membersToRemove: 0, blocked: false },
  };
}
const desired = (owners?: string[]): DesiredState => ({
  provider: { type: 'descope', projectId: 'P2test', writeMode: 'patch', http: {} },
  providerAt: { file: 'g.yaml', line: 1, column: 1 },
  files: ['g.yaml'],
  tenants: [desiredTenant([desiredGroup('G', owners === undefined ? {} : { owners })])],
});

describe('computeApprovers', () => {
  it('needs no one for removals that are all expiries', () => {
    const plan = planWith([{ action: 'update', group: 'G', groupId: 'g1', membersMode: 'additive', add: [], remove: [{ userId: 'U2', expired: '2027-01-31' }] }]);
    const [g] = computeApprovers(plan, desired(['@team'])).groups;
    expect(g!.revocations).toEqual({ members: [{ userId: 'U2', expired: '2027-01-31' }], approvers: [], exempt: 'expired' });
    expect(g!.grants.approvers).toEqual([]);
    expect(g!.unowned).toBe(false);
  });

  it('marks a group whose change needs approval but has no owner; a rename is a grant', () => {
    const plan = planWith([{ action: 'update', group: 'G', groupId: 'g1', renameFrom: 'Old', membersMode: 'unmanaged', add: [], remove: [] }]);
    expect(computeApprovers(plan, desired()).groups[0]!.unowned).toBe(true);
    expect(computeApprovers(plan, desired(['@team'])).groups[0]!.grants.approvers).toEqual(['@team']);
  });
});
