import { configDigest } from './config/index.js';
import type { Snapshot } from './config/snapshot.js';
import { DiagnosticsError, type Diagnostic } from './errors.js';
import { RequestLimiter, proxyFromEnv, type ProxySettings } from './http/index.js';
import type { DesiredState, DesiredTenant, LiveTenant, Plan, TenantPlan } from './model/types.js';
import { assemblePlan, sortDiagnostics } from './plan/compute.js';
import { resolveMembers } from './plan/resolve.js';
import { planTenant } from './plan/tenant-plan.js';
import { createProvider } from './providers/create.js';
import { providerIdentity } from './providers/identity.js';
import { loadLive } from './providers/load-live.js';
import type { Provider } from './providers/provider.js';
import { createSnapshotProvider } from './providers/snapshot/provider.js';

// The pipeline every command runs: load desired → open the provider → load live → resolve + plan (pure) →
// render or apply. The CLI adds files, terminals and exit codes around it; the programmatic API exports it.

const DEFAULT_CONCURRENCY = 4;

export interface OpenProviderOptions {
  /** Requests in flight across the run (`--concurrency`); default 4. */
  concurrency?: number;
  /** One line per request and response; secrets already redacted. */
  debug?: (line: string) => void;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY; default: read from process.env. */
  proxy?: ProxySettings;
  /** Read the live state from this snapshot (the emulator's seed shape) instead of the provider: no network. */
  snapshot?: { snapshot: Snapshot; source: string };
}

export function openProvider(desired: DesiredState, options: OpenProviderOptions = {}): Provider {
  if (options.snapshot !== undefined) {
    // The snapshot stands in for the provider's reads only; the identity stays the real one, so a plan made
    // against an exported snapshot names the provider it is meant for.
    return createSnapshotProvider(options.snapshot.snapshot, options.snapshot.source, providerIdentity(desired.provider));
  }
  return createProvider(desired.provider, desired.tenants, {
    limiter: new RequestLimiter(options.concurrency ?? DEFAULT_CONCURRENCY),
    proxy: options.proxy ?? proxyFromEnv(process.env),
    ...(options.debug === undefined ? {} : { debug: options.debug }),
  });
}

export interface LoadLiveTenantsOptions {
  /** Tenants loaded at once; default 4. */
  concurrency?: number;
  signal?: AbortSignal;
  /** Sees each tenant's live state as it comes in. */
  onTenantLoaded?: (tenant: DesiredTenant, live: LiveTenant, done: number, total: number) => void;
}

/** Loads the live state of the desired tenants; one tenant failing fails the whole load, naming every failure. */
export function loadLiveTenants(desired: DesiredState, provider: Provider, options: LoadLiveTenantsOptions = {}): Promise<LiveTenant[]> {
  return loadLive(provider, desired.tenants, {
    tenantConcurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onTenantLoaded === undefined ? {} : { onTenantLoaded: options.onTenantLoaded }),
  });
}

/**
 * Plans tenants one at a time as their live state comes in (resolve members, then plan: both pure), so a fleet's
 * planning runs while the other tenants' requests are still in flight; `finish` assembles the plan (the pure
 * calls are the same whether fed at once or tenant by tenant).
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
    /** ms since the epoch: the plan's `asOf`. */
    private readonly now: number,
    /** Sees the planner's warnings (e.g. why a JIT group of the same name was passed over). */
    private readonly warn: (d: Diagnostic) => void = () => {},
  ) {}

  add(tenant: DesiredTenant, live: LiveTenant): void {
    // The digest too is computed while requests are in flight.
    this.#digest ??= configDigest(this.desired);
    this.#seen.add(tenant.tenantId);
    const { tenant: resolved, diagnostics } = resolveMembers(tenant, live);
    this.#unknown.push(...diagnostics);
    if (!diagnostics.some((d) => d.severity === 'error')) this.#plans.push(planTenant(resolved, live, this.#unplannable, this.now));
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
    return assemblePlan(this.#plans, this.provider.identity, this.#digest ?? configDigest(this.desired), this.now);
  }
}

/** Resolve members and compute the plan: the one pure step. */
export function planFromLive(desired: DesiredState, live: readonly LiveTenant[], provider: Provider, now: number): Plan {
  return new TenantPlanner(desired, provider, now).finish(live);
}

export interface PlanOptions extends LoadLiveTenantsOptions {
  /** Sees the planner's warnings. */
  warn?: (d: Diagnostic) => void;
  /** The clock expiries are judged at, ms since the epoch; default the system clock. */
  now?: number;
}

/** Loads the live state of every desired tenant and plans each as it comes in. Writes nothing. */
export async function planDesired(desired: DesiredState, provider: Provider, options: PlanOptions = {}): Promise<Plan> {
  const planner = new TenantPlanner(desired, provider, options.now ?? Date.now(), options.warn);
  const live = await loadLiveTenants(desired, provider, {
    ...options,
    onTenantLoaded: (tenant, loaded, done, total) => {
      planner.add(tenant, loaded);
      options.onTenantLoaded?.(tenant, loaded, done, total);
    },
  });
  return planner.finish(live);
}

function throwIfErrors(diagnostics: readonly Diagnostic[], summary: string): void {
  if (diagnostics.some((d) => d.severity === 'error')) throw new DiagnosticsError(diagnostics, summary);
}
