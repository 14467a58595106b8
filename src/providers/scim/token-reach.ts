import { GroupformError } from '../../errors.js';
import { compareStrings, groupNameKey } from '../../model/normalize.js';
import type { DesiredTenant } from '../../model/types.js';

/** A live group as far as telling tenants apart needs it. */
export interface ReachedGroup {
  id: string;
  name: string;
  externalId?: string;
}

const SHOWN = 5;

/**
 * One URL for every tenant (a baseUrl without `{tenantId}`): the bearer token alone chooses the tenant, and no
 * SCIM answer names it. So before a tenant is planned (and so before its first write), the groups its token
 * reaches are compared with what the config says, as far as that can tell:
 * - a group another tenant's token also reached: both tokens belong to one tenant;
 * - none of the groups this tenant declares (by name, old name or externalId), but some another tenant declares
 *   and this one does not: the token is that tenant's, e.g. two tokens swapped.
 * Otherwise (a group of its own is there, or nothing anybody declares) the token is taken as the tenant's: an
 * empty tenant, or tenants whose declared groups and users are alike, look the same under any of their tokens.
 */
export class TokenReachCheck {
  /** Group id -> the tenant whose token reached it. */
  readonly #reachedBy = new Map<string, string>();
  readonly #checked = new Set<string>();

  constructor(private readonly tenants: readonly DesiredTenant[]) {}

  isChecked(tenantId: string): boolean {
    return this.#checked.has(tenantId);
  }

  /** Throws SCIM_TOKEN_WRONG_TENANT when `groups`, read with the tenant's token (`origin`), say it is another's. */
  check(tenantId: string, origin: string, groups: readonly ReachedGroup[]): void {
    const shared = groups.filter((g) => this.#reachedBy.has(g.id) && this.#reachedBy.get(g.id) !== tenantId);
    const other = shared[0] === undefined ? undefined : this.#reachedBy.get(shared[0].id);
    if (other !== undefined) {
      const ids = shared.filter((g) => this.#reachedBy.get(g.id) === other).map((g) => g.id);
      throw wrongTenant(tenantId, origin, `reaches the groups tenant ${other}'s token reached (${list(ids)}): both tokens belong to one tenant`);
    }
    for (const g of groups) this.#reachedBy.set(g.id, tenantId);
    const own = this.tenants.find((t) => t.tenantId === tenantId);
    if (own !== undefined && !groups.some((g) => declares(own, g))) {
      for (const tenant of this.tenants) {
        if (tenant === own) continue;
        const theirs = groups.filter((g) => declares(tenant, g));
        if (theirs.length > 0) {
          throw wrongTenant(
            tenantId,
            origin,
            `reaches none of the groups tenant ${tenantId} declares, but groups tenant ${tenant.tenantId} declares (${list(theirs.map((g) => `"${g.name}"`))}): the token is likely tenant ${tenant.tenantId}'s`,
          );
        }
      }
    }
    this.#checked.add(tenantId);
  }
}

function declares(tenant: DesiredTenant, group: ReachedGroup): boolean {
  const key = groupNameKey(group.name);
  return tenant.groups.some(
    (d) => (d.externalId !== undefined && d.externalId === group.externalId) || groupNameKey(d.name) === key || d.previously.some((old) => groupNameKey(old) === key),
  );
}

function list(items: readonly string[]): string {
  const sorted = [...items].sort(compareStrings);
  return sorted.length <= SHOWN ? sorted.join(', ') : `${sorted.slice(0, SHOWN).join(', ')} and ${sorted.length - SHOWN} more`;
}

function wrongTenant(tenantId: string, origin: string, why: string): GroupformError {
  return new GroupformError(
    'SCIM_TOKEN_WRONG_TENANT',
    `tenant ${tenantId}: the scim baseUrl has no {tenantId}, so the bearer token alone chooses the tenant, and the token from ${origin} ${why}; ` +
      'nothing was planned or written for it: set the tenant\'s own token',
  );
}
