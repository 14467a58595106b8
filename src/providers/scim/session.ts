import { mapConcurrent } from '../../util/map-concurrent.js';
import { HttpError } from '../../http/index.js';
import type { ScimTenantClient } from './client.js';
import type { EffectiveProfile } from './profiles.js';

/** One tenant's client with the profile narrowed by that server's ServiceProviderConfig. */
export interface TenantSession {
  tenantId: string;
  client: ScimTenantClient;
  profile: EffectiveProfile;
  /** Requests this tenant's reads keep queued at once; the shared limiter bounds what is in flight. */
  concurrency: number;
  debug?: (line: string) => void;
}

/** Runs fn over items within the session's concurrency; the first failure (in item order) is thrown. */
export async function mapAll<T, R>(session: TenantSession, items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const settled = await mapConcurrent(items, session.concurrency, fn);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}

/** A 400 to a filter means this server does not take that filter (scimmy: `\"` in a value; AWS: an older revision). */
export function isFilterRefusal(error: unknown): error is HttpError {
  return error instanceof HttpError && error.status === 400;
}
