import type { Diagnostic } from '../../../src/errors.js';
import { Secret } from '../../../src/model/secret.js';
import type {
  DeclaredMember,
  DesiredGroup,
  DesiredTenant,
  LiveTenant,
  MembersMode,
  Plan,
  ScimProfileName,
  ScimProviderConfig,
  UnmanagedGroupsPolicy,
} from '../../../src/model/types.js';
import { computePlan } from '../../../src/plan/compute.js';
import { resolveMembers } from '../../../src/plan/resolve.js';
import { RequestLimiter } from '../../../src/http/index.js';
import type { Provider } from '../../../src/providers/provider.js';
import { createScimProvider, type ScimProviderOptions } from '../../../src/providers/scim/provider.js';

export interface GroupSpec {
  /** Login ids as strings, explicit user ids as {userId}. */
  members?: (string | { userId: string })[];
  previously?: string[];
  externalId?: string;
  mode?: MembersMode;
}

let line = 0;
const at = () => ({ file: 'groups.yaml', line: ++line, column: 1 });

export function desiredTenant(
  tenantId: string,
  groups: Record<string, GroupSpec>,
  options: { unmanaged?: UnmanagedGroupsPolicy; token?: string; mode?: MembersMode } = {},
): DesiredTenant {
  const declared = Object.entries(groups)
    .map(([name, spec]): DesiredGroup => {
      const members = spec.members?.map((m): DeclaredMember => (typeof m === 'string' ? { loginId: m, at: at() } : { userId: m.userId, at: at() }));
      return {
        name,
        ...(spec.externalId === undefined ? {} : { externalId: spec.externalId }),
        previously: spec.previously ?? [],
        ...(members === undefined ? {} : { members }),
        membersMode: spec.mode ?? options.mode ?? 'authoritative',
        at: at(),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    tenantId,
    groups: declared,
    unmanagedGroups: options.unmanaged ?? 'ignore',
    safety: { maxRemovalPercent: 100, maxGroupDeletePercent: 100 },
    ...(options.token === undefined ? {} : { credential: new Secret(options.token, '${SCIM_TOKEN}') }),
    at: at(),
  };
}

export function scimProvider(
  baseUrl: string,
  profile: ScimProfileName,
  tenants: readonly DesiredTenant[],
  options: ScimProviderOptions & { debug?: (line: string) => void } = {},
): Provider {
  const config: ScimProviderConfig = { type: 'scim', baseUrl, profile, http: {} };
  return createScimProvider(config, tenants, { limiter: new RequestLimiter(4), ...(options.debug ? { debug: options.debug } : {}) }, options);
}

export interface Planned {
  plan: Plan;
  live: LiveTenant[];
  diagnostics: Diagnostic[];
}

/** Load, resolve, plan: what `groupform plan` does, through the real provider and the pure planner. */
export async function planAgainst(provider: Provider, tenants: readonly DesiredTenant[]): Promise<Planned> {
  const live = await Promise.all(tenants.map((t) => provider.loadTenant(t)));
  const diagnostics: Diagnostic[] = [];
  const resolved = tenants.map((t, i) => {
    const result = resolveMembers(t, live[i]!);
    diagnostics.push(...result.diagnostics);
    return { desired: result.tenant, live: live[i]! };
  });
  const { plan, diagnostics: planDiagnostics } = computePlan({ tenants: resolved, provider: provider.identity, configDigest: 'sha256:test', now: Date.UTC(2026, 11, 7) });
  return { plan, live, diagnostics: [...diagnostics, ...planDiagnostics] };
}

/** Applies every change in plan order, one tenant after another. */
/** Every change in plan order, one at a time; asserted members (re-sent as adds) before the deletes, as apply does. */
export async function applyAll(provider: Provider, plan: Plan): Promise<void> {
  for (const tenant of plan.tenants) {
    const deletes = tenant.changes.filter((c) => c.action === 'delete');
    for (const change of tenant.changes) if (change.action !== 'delete') await provider.applyChange(tenant.tenant, change);
    for (const entry of tenant.asserted ?? []) {
      await provider.applyChange(tenant.tenant, { action: 'update', group: entry.group, groupId: entry.groupId, membersMode: 'additive', add: entry.members, remove: [] });
    }
    for (const change of deletes) await provider.applyChange(tenant.tenant, change);
  }
}

/** A compact view of a tenant's changes for exact assertions. */
export function changeLines(plan: Plan): string[] {
  return plan.tenants.flatMap((t) =>
    t.changes.map((c) => {
      const rename = c.action === 'update' && c.renameFrom !== undefined ? ` (from ${c.renameFrom})` : '';
      return `${t.tenant} ${c.action} ${c.group}${rename} +${c.add.length} -${c.remove.length}`;
    }),
  );
}

export function range(prefix: string, from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => `${prefix}${String(from + i).padStart(3, '0')}`);
}
