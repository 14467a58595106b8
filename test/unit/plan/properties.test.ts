import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupNameKey } from '../../../src/model/normalize.js';
import type { DeclaredMember, DesiredGroup, DesiredTenant, LiveGroup, LiveTenant, LiveUser, TenantPlan } from '../../../src/model/types.js';
import { at, planFor } from './builders.js';
import { simulateApply } from './simulate.js';
import { shuffle } from '../../support/shuffle.js';

const NAMES = ['Eng', 'Ops', 'Sales', 'Legacy', 'Platform', 'Caf\u00e9', 'SSO Admins'];
const EXTERNAL_IDS = ['e1', 'e2', 'e3'];
const USERS: LiveUser[] = Array.from({ length: 6 }, (_, i) => ({ userId: `U${i + 1}`, loginIds: [`user${i + 1}@acme.com`] }));
const RUNS = { numRuns: 150 };

// Spellings that match the same group: case changes and the decomposed form (NFC, case-insensitive).
const spelling = (name: string) => fc.constantFrom(name, name.toUpperCase(), name.toLowerCase(), name.normalize('NFD'));
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });
const userIndexes = fc.uniqueArray(fc.integer({ min: 0, max: USERS.length - 1 }), { maxLength: USERS.length });

const liveGroups = fc
  .uniqueArray(
    fc.record({
      name: fc.integer({ min: 0, max: NAMES.length - 1 }),
      members: userIndexes,
      externalId: rarely(fc.constantFrom(...EXTERNAL_IDS)),
      jit: fc.boolean(),
      spelling: fc.nat(3),
    }),
    { selector: (g) => g.name, maxLength: NAMES.length },
  )
  .map((list) =>
    list.map((g, i): LiveGroup => {
      const base = NAMES[g.name]!;
      const name = [base, base.toUpperCase(), base.toLowerCase(), base.normalize('NFD')][g.spelling]!;
      return {
        id: `g${i}`,
        name,
        members: g.members.map((m) => ({ userId: USERS[m]!.userId, loginId: USERS[m]!.loginIds[0]! })),
        ...(g.externalId === undefined ? {} : { externalId: g.externalId }),
        ...(g.jit && g.name === NAMES.length - 1 ? { source: 'jit' } : {}),
      };
    }),
  );

const declaredMember = (index: number): fc.Arbitrary<DeclaredMember> =>
  fc.oneof(
    spelling(USERS[index]!.loginIds[0]!).map((loginId) => ({ loginId, at: at(10 + index) })),
    fc.constant({ userId: USERS[index]!.userId, at: at(10 + index) }),
  );

const desiredGroups = fc
  .uniqueArray(
    fc.record({
      name: fc.integer({ min: 0, max: NAMES.length - 1 }),
      spelled: fc.nat(3),
      externalId: rarely(fc.constantFrom(...EXTERNAL_IDS)),
      previously: rarely(fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 2 })).map((p) => p ?? []),
      members: fc.option(userIndexes.chain((ids) => fc.tuple(...ids.map(declaredMember))), { nil: undefined }),
      mode: fc.constantFrom('authoritative' as const, 'additive' as const),
    }),
    { selector: (g) => g.name, maxLength: NAMES.length },
  )
  .map((list) =>
    list.map((g, i): DesiredGroup => {
      const base = NAMES[g.name]!;
      // One externalId per declared group, as the config requires.
      const externalId = list.slice(0, i).some((other) => other.externalId === g.externalId) ? undefined : g.externalId;
      return {
        name: [base, base.toUpperCase(), base.toLowerCase(), base][g.spelled]!,
        ...(externalId === undefined ? {} : { externalId }),
        previously: g.previously.filter((p) => groupNameKey(p) !== groupNameKey(base)),
        ...(g.members === undefined ? {} : { members: g.members }),
        membersMode: g.mode,
        at: at(i + 1),
      };
    }),
  );

const tenantPair = (tenantId: string) =>
  fc.record({ groups: desiredGroups, live: liveGroups, policy: fc.constantFrom('ignore' as const, 'delete' as const) }).map(({ groups, live, policy }) => ({
    desired: {
      tenantId,
      groups,
      unmanagedGroups: policy,
      safety: { maxRemovalPercent: 25, maxGroupDeletePercent: 25 },
      at: at(1),
    } satisfies DesiredTenant,
    live: { tenantId, groups: live, users: USERS } satisfies LiveTenant,
  }));

const world = fc.uniqueArray(fc.constantFrom('T1', 'T2', 'T3'), { minLength: 1, maxLength: 3 }).chain((ids) => fc.tuple(...ids.map(tenantPair)));

type Pair = { desired: DesiredTenant; live: LiveTenant };

function shuffleWorld(pairs: readonly Pair[], seed: number): Pair[] {
  return shuffle(pairs, seed).map(({ desired, live }, t) => ({
    desired: {
      ...desired,
      groups: shuffle(desired.groups, seed + t).map((g, i) => (g.members === undefined ? g : { ...g, members: shuffle(g.members, seed + i) })),
    },
    live: {
      ...live,
      users: shuffle(live.users, seed + 7),
      groups: shuffle(live.groups, seed + 3 * t).map((g, i) => ({ ...g, members: shuffle(g.members, seed * 31 + i) })),
    },
  }));
}

/** A property of every tenant's part of the plan of a generated world, given that tenant's input. */
const everyTenant = (check: (tenant: TenantPlan, pair: Pair) => void) =>
  fc.property(world, (pairs) => {
    const { plan } = planFor(pairs);
    for (const tenant of plan.tenants) check(tenant, pairs.find((p) => p.desired.tenantId === tenant.tenant)!);
  });

const clean = (pairs: Pair[]) => {
  const result = planFor(pairs);
  return result.diagnostics.length === 0 ? result : undefined;
};

describe('planner properties', () => {
  it('applying the plan yields the declared state, and planning again finds nothing to do', () => {
    fc.assert(
      fc.property(world, (pairs) => {
        const first = clean(pairs);
        fc.pre(first !== undefined);
        const after = pairs.map((pair) => {
          const tenantPlan = first!.plan.tenants.find((t) => t.tenant === pair.desired.tenantId)!;
          return { desired: pair.desired, live: simulateApply(pair.live, tenantPlan) };
        });
        for (const { desired, live } of after) {
          for (const group of desired.groups) {
            const found = live.groups.filter((g) => g.name === group.name);
            expect(found).toHaveLength(1);
            if (group.externalId !== undefined) expect(found[0]!.externalId).toBe(group.externalId);
            if (group.members === undefined) continue;
            const declared = group.members.map((m) => ('userId' in m ? m.userId : USERS.find((u) => u.loginIds[0] === m.loginId.toLowerCase())!.userId));
            const liveIds = found[0]!.members.map((m) => m.userId);
            if (group.membersMode === 'authoritative') expect(new Set(liveIds)).toEqual(new Set(declared));
            else for (const id of declared) expect(liveIds).toContain(id);
          }
          if (desired.unmanagedGroups === 'delete') {
            const keys = new Set(desired.groups.map((g) => groupNameKey(g.name)));
            expect(live.groups.filter((g) => g.source !== 'jit' && !keys.has(groupNameKey(g.name)))).toEqual([]);
          }
        }
        const again = planFor(after);
        expect(again.diagnostics).toEqual([]);
        expect(again.plan.tenants.flatMap((t) => t.changes)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('additive never removes, omitted members are never touched, and the mode in force is shown', () => {
    fc.assert(
      everyTenant((tenant, { desired }) => {
        for (const change of tenant.changes) {
          if (change.action === 'delete') continue;
          const group = desired.groups.find((g) => g.name === change.group)!;
          expect(change.membersMode).toBe(group.members === undefined ? 'unmanaged' : group.membersMode);
          if (change.membersMode === 'additive') expect(change.remove).toEqual([]);
          if (change.membersMode === 'unmanaged') expect(change.add).toEqual([]);
        }
      }),
      RUNS,
    );
  });

  it('never changes or deletes a jit group', () => {
    fc.assert(
      everyTenant((tenant, { live }) => {
        const touched = new Set(tenant.changes.flatMap((c) => (c.action === 'create' ? [] : [c.groupId])));
        for (const group of live.groups.filter((g) => g.source === 'jit')) {
          expect(touched.has(group.id)).toBe(false);
          expect(tenant.unmanagedGroups).toContain(group.name);
        }
      }),
      RUNS,
    );
  });

  it('gives the same plan and diagnostics for any order of tenants, groups, members and users', () => {
    fc.assert(
      fc.property(world, fc.nat(), (pairs, seed) => {
        const a = planFor(pairs);
        const b = planFor(shuffleWorld(pairs, seed));
        expect(JSON.stringify(b.plan)).toBe(JSON.stringify(a.plan));
        expect(b.diagnostics).toEqual(a.diagnostics);
      }),
      RUNS,
    );
  });
});
