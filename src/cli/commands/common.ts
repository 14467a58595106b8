import { parseSnapshot } from '../../config/snapshot.js';
import { formatDiagnostic } from '../../errors.js';
import type { DesiredState, DesiredTenant, LiveTenant, Plan } from '../../model/types.js';
import * as pipeline from '../../pipeline.js';
import { proxyFromEnv } from '../../http/index.js';
import type { Provider } from '../../providers/provider.js';
import { printable } from '../../util/printable.js';
import { readTextFile } from '../files.js';
import { cursorEnabled, type CommandIo } from '../io.js';
import { createStatusLine } from '../status-line.js';
import { keepChangedSince } from './changed-since.js';
import { clockOf, loadSelectedDesired, type SelectionOptions } from './selection.js';

export { loadSelectedDesired, type SelectionOptions, useColor } from './selection.js';

// The pipeline (src/pipeline.ts) with the terminal around it: files named on the command line, --debug on
// stderr, a status line while tenants load.

export async function openProvider(
  desired: DesiredState,
  options: SelectionOptions & { liveState?: string },
  io: CommandIo,
): Promise<Provider> {
  const snapshot = options.liveState === undefined
    ? undefined
    : { snapshot: parseSnapshot(await readTextFile(io, options.liveState), options.liveState), source: options.liveState };
  // Debug lines name groups and ids as servers answered them.
  const debug = options.debug === true ? (line: string) => void io.stderr.write(`debug: ${printable(line)}\n`) : undefined;
  return pipeline.openProvider(desired, {
    concurrency: options.concurrency,
    proxy: proxyFromEnv(io.env),
    ...(debug === undefined ? {} : { debug }),
    ...(snapshot === undefined ? {} : { snapshot }),
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
  const status = createStatusLine(io.stderr, undefined, cursorEnabled(io, io.stderr));
  try {
    return await pipeline.loadLiveTenants(desired, provider, {
      concurrency: options.concurrency,
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

export async function buildPlan(
  options: SelectionOptions & { liveState?: string; changedSince?: string },
  io: CommandIo,
): Promise<{ desired: DesiredState; plan: Plan; provider: Provider }> {
  const now = clockOf(options, io);
  const selected = await loadSelectedDesired(options, io, now);
  const { desired, notChecked } =
    options.changedSince === undefined ? { desired: selected, notChecked: undefined } : await keepChangedSince(selected, options.changedSince, options.paths, io);
  const provider = await openProvider(desired, options, io);
  try {
    const planner = new pipeline.TenantPlanner(desired, provider, now, (d) => void io.stderr.write(`${formatDiagnostic(d)}\n`));
    const live = await loadLiveTenants(desired, provider, options, io, (tenant, loaded) => planner.add(tenant, loaded));
    const plan = planner.finish(live);
    return { desired, plan: notChecked === undefined ? plan : { ...plan, notChecked }, provider };
  } catch (error) {
    await provider.close();
    throw error;
  }
}
