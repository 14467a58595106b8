import { configDigest } from '../../config/index.js';
import { GroupformError } from '../../errors.js';
import { canonicalJson } from '../../plan/hash.js';
import { fingerprintGroup, fingerprintGroupSet } from '../../plan/fingerprint.js';
import type { LiveTenant, Plan } from '../../model/types.js';
import { providerIdentity } from '../../providers/identity.js';
import type { Provider } from '../../providers/provider.js';
import { validatePlanJson } from '../../render/json.js';
import { readTextFile } from '../files.js';
import type { CommandIo } from '../io.js';
import { loadLiveTenants, loadSelectedDesired, openProvider, type SelectionOptions } from './common.js';

export async function readSavedPlan(io: CommandIo, file: string): Promise<Plan> {
  const text = await readTextFile(io, file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new GroupformError('PLAN_UNREADABLE', `${file} is not a saved plan: ${(error as Error).message}`);
  }
  const checked = validatePlanJson(data);
  if (!checked.ok) {
    throw new GroupformError('PLAN_UNREADABLE', `${file} is not a valid saved plan:\n  ${checked.errors.join('\n  ')}`);
  }
  return checked.plan;
}

/**
 * A saved plan is performed only if it still describes the world: same config (digest), same provider, and
 * every group it touches unchanged since planning (fingerprints). Otherwise it is refused, naming what moved.
 */
export async function loadSavedPlanForApply(
  file: string,
  options: SelectionOptions,
  io: CommandIo,
): Promise<{ plan: Plan; provider: Provider }> {
  const plan = await readSavedPlan(io, file);
  const planTenants = plan.tenants.map((t) => t.tenant);
  const desired = await loadSelectedDesired({ ...options, tenant: planTenants, excludeTenant: [], shard: undefined } as SelectionOptions, io);
  const missing = planTenants.filter((id) => !desired.tenants.some((t) => t.tenantId === id));
  if (missing.length > 0) {
    throw new GroupformError('PLAN_CONFIG_CHANGED', `${file} plans tenants the configuration no longer declares: ${missing.join(', ')}`);
  }
  if (configDigest(desired, planTenants) !== plan.configDigest) {
    throw new GroupformError(
      'PLAN_CONFIG_CHANGED',
      `the configuration changed since ${file} was planned (config digest differs); run plan again and review the new plan`,
    );
  }
  if (canonicalJson(providerIdentity(desired.provider)) !== canonicalJson(plan.provider)) {
    throw new GroupformError('PLAN_PROVIDER_CHANGED', `${file} was planned against a different provider; run plan again`);
  }
  const provider = await openProvider(desired, options, io);
  try {
    const live = await loadLiveTenants(desired, provider, options, io);
    const stale = findStaleGroups(plan, live);
    if (stale.length > 0) {
      throw new GroupformError(
        'PLAN_STALE',
        `the live state changed since ${file} was planned; nothing was written:\n  ${stale.join('\n  ')}\nRun plan again and review the new plan.`,
      );
    }
    return { plan, provider };
  } catch (error) {
    await provider.close();
    throw error;
  }
}

export function findStaleGroups(plan: Plan, live: readonly LiveTenant[]): string[] {
  const liveById = new Map(live.map((t) => [t.tenantId, t]));
  const stale: string[] = [];
  for (const tenantPlan of plan.tenants) {
    const tenant = liveById.get(tenantPlan.tenant);
    const groups = new Map((tenant?.groups ?? []).map((g) => [g.id, g]));
    for (const change of tenantPlan.changes) {
      if (change.action === 'create') continue;
      const expected = tenantPlan.fingerprints[change.groupId];
      const group = groups.get(change.groupId);
      if (group === undefined) {
        stale.push(`${tenantPlan.tenant}: group "${change.group}" (${change.groupId}) no longer exists`);
      } else if (expected !== undefined && fingerprintGroup(group) !== expected) {
        stale.push(`${tenantPlan.tenant}: group "${group.name}" (${change.groupId}) changed since the plan (name, externalId or members)`);
      }
    }
    const creates = tenantPlan.changes.filter((c) => c.action === 'create');
    const expectedSet = tenantPlan.fingerprints['@groups'];
    if (creates.length > 0 && expectedSet !== undefined && fingerprintGroupSet(tenant?.groups ?? []) !== expectedSet) {
      stale.push(`${tenantPlan.tenant}: its set of groups changed since the plan (a group was created, renamed or deleted), which affects the creates of ${creates.map((c) => `"${c.group}"`).join(', ')}`);
    }
  }
  return stale;
}
