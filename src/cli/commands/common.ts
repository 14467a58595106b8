import { configDigest } from '../../config/index.js';
import { parseSnapshot } from '../../config/snapshot.js';
import { DiagnosticsError, formatDiagnostic, type Diagnostic } from '../../errors.js';
import type { DesiredState, DesiredTenant, LiveTenant, Plan, TenantPlan } from '../../model/types.js';
import { assemblePlan, sortDiagnostics } from '../../plan/compute.js';
import { resolveMembers } from '../../plan/resolve.js';
import { planTenant } from '../../plan/tenant-plan.js';
import { createProvider } from '../../providers/create.js';
import { RequestLimiter } from '../../http/index.js';
import { loadLive } from '../../providers/load-live.js';
import type { Provider } from '../../providers/provider.js';
import { createSnapshotProvider } from '../../providers/snapshot/provider.js';
import { providerIdentity } from '../../providers/identity.js';
import { readTextFile } from '../files.js';
import type { CommandIo } from '../io.js';
import { createStatusLine } from '../status-line.js';
import { loadSelectedDesired, type SelectionOptions } from './selection.js';

export { loadSelectedDesired, type SelectionOptions, useColor } from './selection.js';

export async function openProvider(
  desired: DesiredState,
  options: SelectionOptions & { liveState?: string },
  io: CommandIo,
): Promise<Provider> {
  if (options.liveState !== undefined) {
    // The snapshot stands in for the provider's reads only; the identity stays the real one, so a plan made
    // against an exported snapshot names the provider it is meant for.
    const snapshot = parseSnapshot(await readTextFile(io, options.liveState), options.liveState);
    return createSnapshotProvider(snapshot, options.liveState, providerIdentity(desired.provider));
  }
  const debug = options.debug === true ? (line: string) => void io.stderr.write(`debug: ${line}\n`) : undefined;
  return createProvider(desired.provider, desired.tenants, {
    limiter: new RequestLimiter(options.concurrency),
    ...(debug === undefined ? {} : { debug }),
  });
}

/** Loads the live state of the desired tenants (showing progress on a terminal); `onLoaded` sees each as it comes in. */
export async function loadLiveTenants(
  desired: DesiredState,
  provider: Provider,
  options: SelectionOptions,
  io: CommandIo,
  onLoaded?: (tenant: DesiredTenant, live: LiveTenant) => void,
): Promise<LiveTenant[]> {
  const status = createStatusLine(io.stderr);
  try {
    return await loadLive(provider, desired.tenants, {
      tenantConcurrency: options.concurrency,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      onTenantLoaded: (tenant, live, done, total) => {
        onLoaded?.(tenant, live);
        status.update(`Loading live state: ${done}/${total} tenants`);
      },
    });
  } finally {
    status.clear();
  }
}

/**
 * Plans tenants one at a time as their live state comes in (resolve members, then plan: both pure), so a fleet's
 * planning runs while the other tenants' requests are still in flight; `finish` assembles the plan (STYLE habit
 * 2: the pure calls are the same whether fed at once or tenant by tenant).
 */
export class TenantPlanner {
  readonly #seen = new Set<string>();
  readonly #plans: TenantPlan[] = [];
  readonly #unknown: Diagnostic[] = [];
  readonly #unplannable: Diagnostic[] = [];
  #digest: string | undefined;

  constructor(
    private readonly desired: DesiredState,
    private readonly provider: Provider,
    /** Sees the planner's warnings (e.g. why a JIT group of the same name was passed over). */
    private readonly warn: (d: Diagnostic) => void = () => {},
  ) {}

  add(tenant: DesiredTenant, live: LiveTenant): void {
    // The digest too is computed while requests are in flight.
    this.#digest ??= configDigest(this.desired);
    this.#seen.add(tenant.tenantId);
    const { tenant: resolved, diagnostics } = resolveMembers(tenant, live);
    this.#unknown.push(...diagnostics);
    if (!diagnostics.some((d) => d.severity === 'error')) this.#plans.push(planTenant(resolved, live, this.#unplannable));
  }

  /** The plan; `live` covers tenants not added yet (a tenant with no live state plans against an empty one). */
  finish(live: readonly LiveTenant[]): Plan {
    const liveById = new Map(live.map((t) => [t.tenantId, t]));
    for (const tenant of this.desired.tenants) {
      if (!this.#seen.has(tenant.tenantId)) this.add(tenant, liveById.get(tenant.tenantId) ?? { tenantId: tenant.tenantId, groups: [], users: [] });
    }
    throwIfErrors(sortDiagnostics(this.#unknown), 'some declared members do not exist at the provider');
    const unplannable = sortDiagnostics(this.#unplannable);
    throwIfErrors(unplannable, 'the configuration cannot be planned against the live state');
    for (const d of unplannable) this.warn(d);
    return assemblePlan(this.#plans, this.provider.identity, this.#digest ?? configDigest(this.desired));
  }
}

/** Resolve members and compute the plan: the one pure step (STYLE habit 2). */
export function planFromLive(desired: DesiredState, live: readonly LiveTenant[], provider: Provider): Plan {
  return new TenantPlanner(desired, provider).finish(live);
}

function throwIfErrors(diagnostics: readonly Diagnostic[], summary: string): void {
  if (diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticsError(diagnostics, summary);
}

export async function buildPlan(
  options: SelectionOptions & { liveState?: string },
  io: CommandIo,
): Promise<{ desired: DesiredState; plan: Plan; provider: Provider }> {
  const desired = await loadSelectedDesired(options, io);
  const provider = await openProvider(desired, options, io);
  try {
    const planner = new TenantPlanner(desired, provider, (d) => void io.stderr.write(`${formatDiagnostic(d)}\n`));
    const live = await loadLiveTenants(desired, provider, options, io, (tenant, loaded) => planner.add(tenant, loaded));
    return { desired, plan: planner.finish(live), provider };
  } catch (error) {
    await provider.close();
    throw error;
  }
}
