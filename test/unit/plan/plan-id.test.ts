import { describe, expect, it } from 'vitest';
import { computePlan } from '../../../src/plan/compute.js';
import { resolveMembers } from '../../../src/plan/resolve.js';
import { desiredGroup, desiredTenant, liveGroup, liveTenant, login, NOW, planFor, provider } from './builders.js';

const desired = desiredTenant([desiredGroup('Eng', { members: [login('alice@acme.com')] })]);
const live = liveTenant([liveGroup('g1', 'Eng', ['U2'])]);
const idOf = (d = desired, l = live) => planFor([{ desired: d, live: l }]).plan.planId;

describe('planId', () => {
  it('is 12 hex digits and stable', () => {
    expect(idOf()).toMatch(/^[0-9a-f]{12}$/);
    expect(idOf()).toBe(idOf());
  });

  it('changes with any change: members, mode, group, tenant', () => {
    const ids = new Set([
      idOf(),
      idOf(desiredTenant([desiredGroup('Eng', { members: [login('bob@acme.com')] })])),
      idOf(desiredTenant([desiredGroup('Eng', { membersMode: 'additive', members: [login('alice@acme.com')] })])),
      idOf(desiredTenant([desiredGroup('Eng', { members: [login('alice@acme.com')] })], { tenantId: 'T2' }), { ...live, tenantId: 'T2' }),
      idOf(desired, liveTenant([liveGroup('g1', 'Eng', ['U3'])])),
    ]);
    expect(ids.size).toBe(5);
  });

  it('does not see the config digest nor live state that leaves the changes the same', () => {
    const base = idOf();
    const { tenant } = resolveMembers(desired, live);
    const other = computePlan({ tenants: [{ desired: tenant, live }], provider, configDigest: `sha256:${'d'.repeat(64)}`, now: NOW });
    expect(other.plan.planId).toBe(base);
    // An unmanaged group appears: '@groups' changes, the changes do not.
    const withExtra = planFor([{ desired, live: liveTenant([...live.groups, liveGroup('g9', 'Sales')]) }]).plan;
    expect(withExtra.planId).toBe(base);
    expect(withExtra.tenants[0]!.fingerprints['@groups']).not.toBe(planFor([{ desired, live }]).plan.tenants[0]!.fingerprints['@groups']);
  });
});
