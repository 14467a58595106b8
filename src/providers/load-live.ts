import { GroupformError } from '../errors.js';
import type { DesiredTenant, LiveTenant } from '../model/types.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import type { Provider } from './provider.js';

export interface LoadLiveOptions {
  tenantConcurrency: number;
  signal?: AbortSignal;
  /** Called as each tenant's live state comes in, before the next load starts on its slot. */
  onTenantLoaded?: (tenant: DesiredTenant, live: LiveTenant, done: number, total: number) => void;
}

/** One tenant's load failing fails the whole plan: a partial plan would hide changes. Every failure is named. */
export class LoadFailedError extends GroupformError {
  constructor(readonly failures: readonly { tenantId: string; error: unknown }[]) {
    super('LOAD_FAILED', `could not load the live state of ${failures.length} tenant${failures.length === 1 ? '' : 's'}:`, {
      list: failures.map(({ tenantId, error }) => `${tenantId}: ${describeError(error)}`),
    });
  }
}

// Each line keeps its own code (HTTP_TLS, HTTP_401, ...): docs/errors.md says what to do about each.
function describeError(error: unknown): string {
  if (error instanceof GroupformError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export async function loadLive(
  provider: Provider,
  tenants: readonly DesiredTenant[],
  options: LoadLiveOptions,
): Promise<LiveTenant[]> {
  let done = 0;
  const settled = await mapConcurrent(tenants, options.tenantConcurrency, async (tenant) => {
    options.signal?.throwIfAborted();
    const live = await provider.loadTenant(tenant, options.signal);
    options.onTenantLoaded?.(tenant, live, ++done, tenants.length);
    return live;
  });
  const failures: { tenantId: string; error: unknown }[] = [];
  const live: LiveTenant[] = [];
  settled.forEach((result, index) => {
    const tenantId = tenants[index]?.tenantId ?? '?';
    if (result.status === 'fulfilled') live.push(result.value);
    else failures.push({ tenantId, error: result.reason });
  });
  // A bug (not a user-facing error) must surface as a bug, with its stack, not be folded into a message.
  const bug = failures.find((f) => !(f.error instanceof GroupformError) && !(f.error instanceof DOMException));
  if (bug !== undefined) throw bug.error;
  if (failures.length > 0) throw new LoadFailedError(failures);
  return live;
}
