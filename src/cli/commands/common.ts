import { configDigest, loadDesired, parseShard, selectTenants } from '../../config/index.js';
import { parseSnapshot } from '../../config/snapshot.js';
import { DiagnosticsError, type Diagnostic } from '../../errors.js';
import type { DesiredState, LiveTenant, Plan } from '../../model/types.js';
import { computePlan } from '../../plan/compute.js';
import { resolveMembers } from '../../plan/resolve.js';
import { createProvider } from '../../providers/create.js';
import { RequestLimiter } from '../../providers/http.js';
import { loadLive } from '../../providers/load-live.js';
import type { Provider } from '../../providers/provider.js';
import { createSnapshotProvider } from '../../providers/snapshot/provider.js';
import { providerIdentity } from '../../providers/identity.js';
import { readTextFile } from '../files.js';
import { colorEnabled, type CommandIo } from '../io.js';
import { createStatusLine } from '../status-line.js';

export interface SelectionOptions {
  paths: string[];
  tenant?: string[];
  excludeTenant?: string[];
  shard?: string;
  concurrency: number;
  color: boolean;
  debug?: boolean;
}

export async function loadSelectedDesired(options: SelectionOptions, io: CommandIo): Promise<DesiredState> {
  const desired = await loadDesired(options.paths, { env: io.env, cwd: io.cwd });
  return selectTenants(desired, {
    include: options.tenant ?? [],
    exclude: options.excludeTenant ?? [],
    ...(options.shard === undefined ? {} : { shard: parseShard(options.shard) }),
  });
}

export function useColor(options: { color?: boolean }, io: CommandIo, stream = io.stdout): boolean {
  return colorEnabled(io, stream, options.color === false);
}

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

/** Loads the live state of the desired tenants (showing progress on a terminal). */
export async function loadLiveTenants(
  desired: DesiredState,
  provider: Provider,
  options: SelectionOptions,
  io: CommandIo,
): Promise<LiveTenant[]> {
  const status = createStatusLine(io.stderr);
  try {
    return await loadLive(provider, desired.tenants, {
      tenantConcurrency: options.concurrency,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      onTenantLoaded: (_tenant, done, total) => status.update(`Loading live state: ${done}/${total} tenants`),
    });
  } finally {
    status.clear();
  }
}

/** Resolve members and compute the plan: the one pure step (STYLE habit 2). */
export function planFromLive(desired: DesiredState, live: readonly LiveTenant[], provider: Provider): Plan {
  const liveById = new Map(live.map((t) => [t.tenantId, t]));
  const problems: Diagnostic[] = [];
  const tenants = desired.tenants.map((tenant) => {
    const liveTenant = liveById.get(tenant.tenantId) ?? { tenantId: tenant.tenantId, groups: [], users: [] };
    const { tenant: resolved, diagnostics } = resolveMembers(tenant, liveTenant);
    problems.push(...diagnostics);
    return { desired: resolved, live: liveTenant };
  });
  throwIfErrors(problems, 'some declared members do not exist at the provider');
  const { plan, diagnostics } = computePlan({
    tenants,
    provider: provider.identity,
    configDigest: configDigest(desired),
  });
  throwIfErrors(diagnostics, 'the configuration cannot be planned against the live state');
  return plan;
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
    const live = await loadLiveTenants(desired, provider, options, io);
    return { desired, plan: planFromLive(desired, live, provider), provider };
  } catch (error) {
    await provider.close();
    throw error;
  }
}
