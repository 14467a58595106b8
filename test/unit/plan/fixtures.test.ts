// The CLI fixtures of test/fixtures/cli, in memory: the exact plans `plan --live-state` must print for them.
import { describe, expect, it } from 'vitest';
import type { LiveUser } from '../../../src/model/types.js';
import { fingerprintGroup, fingerprintGroupSet } from '../../../src/plan/fingerprint.js';
import { at, desiredGroup, desiredTenant, digest, liveGroup, liveTenant, login, planOne, provider, u } from './builders.js';

const snapshotGroups = [
  liveGroup('g1', 'Eng', ['U1', 'U3']),
  liveGroup('g2', 'Legacy', ['U2']),
  liveGroup('g3', 'SSO Admins', ['U3'], { source: 'jit' }),
];

describe('CLI fixtures', () => {
  it('plan.yaml: renames through previously, creates with members, deletes the unmanaged group, keeps the jit one', () => {
    const desired = desiredTenant(
      [
        desiredGroup('Engineering', { previously: ['Eng'], members: [login('alice@acme.com', 14), login('bob@acme.com', 14, 21)] }),
        desiredGroup('Platform', { members: [login('carol@acme.com', 16)] }),
      ],
      { unmanagedGroups: 'delete' },
    );
    const { plan, diagnostics } = planOne(desired, liveTenant(snapshotGroups));
    expect(diagnostics).toEqual([]);
    expect(plan).toEqual({
      formatVersion: 1,
      planId: '28bbd6bae145', // pinned: changing what the id hashes would void every acknowledgement already given
      configDigest: digest,
      asOf: '2026-12-07T00:00:00Z',
      provider,
      tenants: [
        {
          tenant: 'T1',
          changes: [
            { action: 'create', group: 'Platform', externalId: null, membersMode: 'authoritative', add: [u(3)], remove: [] },
            { action: 'update', group: 'Engineering', groupId: 'g1', renameFrom: 'Eng', membersMode: 'authoritative', add: [u(2)], remove: [u(3)] },
            { action: 'delete', group: 'Legacy', groupId: 'g2', add: [], remove: [u(2)] },
          ],
          unmanagedGroups: ['SSO Admins'],
          blocked: [],
          fingerprints: {
            g1: fingerprintGroup(snapshotGroups[0]!),
            g2: fingerprintGroup(snapshotGroups[1]!),
            '@groups': fingerprintGroupSet(snapshotGroups),
          },
        },
      ],
      summary: { groupsToCreate: 1, groupsToUpdate: 1, groupsToDelete: 1, membersToAdd: 2, membersToRemove: 2, blocked: false },
    });
  });

  it('in-sync.yaml: nothing to do, the jit group listed as unmanaged', () => {
    const desired = desiredTenant([
      desiredGroup('Eng', { members: [login('alice@acme.com', 9), login('carol@acme.com', 9, 25)] }),
      desiredGroup('Legacy'),
    ]);
    const { plan, diagnostics } = planOne(desired, liveTenant(snapshotGroups));
    expect(diagnostics).toEqual([]);
    expect(plan.tenants).toEqual([{ tenant: 'T1', changes: [], unmanagedGroups: ['SSO Admins'], blocked: [], fingerprints: {} }]);
    expect(plan.summary).toEqual({ groupsToCreate: 0, groupsToUpdate: 0, groupsToDelete: 0, membersToAdd: 0, membersToRemove: 0, blocked: false });
  });

  it('blocked.yaml: removing 12 of 24 memberships is over 25%', () => {
    const many: LiveUser[] = Array.from({ length: 24 }, (_, i) => ({ userId: `U${i + 1}`, loginIds: [`user${i + 1}@acme.com`] }));
    const big = { id: 'g1', name: 'Big', members: many.map((m) => ({ userId: m.userId, loginId: m.loginIds[0]! })) };
    const declared = many.slice(0, 12).map((m, i) => login(m.loginIds[0]!, 11 + i));
    const { plan, diagnostics } = planOne(desiredTenant([desiredGroup('Big', { members: declared })]), liveTenant([big], { users: many }));
    expect(diagnostics).toEqual([]);
    const removed = many.slice(12).map((m) => ({ userId: m.userId, loginId: m.loginIds[0]! }));
    expect(plan.tenants[0]!.changes).toEqual([
      {
        action: 'update',
        group: 'Big',
        groupId: 'g1',
        membersMode: 'authoritative',
        add: [],
        remove: removed.sort((a, b) => (a.loginId < b.loginId ? -1 : 1)),
      },
    ]);
    expect(plan.tenants[0]!.blocked).toEqual([
      { code: 'MAX_REMOVALS', message: 'removes 12 of 24 live memberships (50%), over maxRemovalPercent 25' },
    ]);
    expect(plan.summary.blocked).toBe(true);
  });

  it('typo-free-unknown.yaml: every unknown login id, at its position', () => {
    const desired = desiredTenant([
      desiredGroup('Eng', {
        members: [login('alice@acme.com', 9, 18), login('nobody@acme.com', 9, 34), login('ghost@acme.com', 9, 51)],
      }),
    ]);
    const { diagnostics } = planOne(desired, liveTenant(snapshotGroups));
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'UNKNOWN_MEMBER', ...at(9, 34), message: 'tenant T1, group "Eng": login id "nobody@acme.com" does not exist at the provider' },
      { severity: 'error', code: 'UNKNOWN_MEMBER', ...at(9, 51), message: 'tenant T1, group "Eng": login id "ghost@acme.com" does not exist at the provider' },
    ]);
  });
});
