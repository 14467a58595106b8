import type { DesiredState } from '../model/types.js';
import { configDigest } from './digest.js';

export interface TenantsSince {
  /** Tenant ids (in `current`'s order) whose meaning differs from `before`'s, or that `before` lacks. */
  changed: string[];
  unchanged: string[];
}

/**
 * Which of `current`'s tenants mean something else than in `before` (undefined: it could not be read, so all
 * count as changed). A tenant is compared by the digest a saved plan is checked against: expanded sets and
 * templates, no comments, order or secrets, the provider included, so editing a shared set changes every tenant
 * using it and a reformat changes none.
 */
export function tenantsChangedSince(current: DesiredState, before: DesiredState | undefined): TenantsSince {
  const result: TenantsSince = { changed: [], unchanged: [] };
  const beforeIds = new Set(before?.tenants.map((t) => t.tenantId) ?? []);
  for (const tenant of current.tenants) {
    const id = tenant.tenantId;
    const same = before !== undefined && beforeIds.has(id) && configDigest(before, [id]) === configDigest(current, [id]);
    (same ? result.unchanged : result.changed).push(id);
  }
  return result;
}
