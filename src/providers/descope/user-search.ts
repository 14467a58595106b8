import { loginIdKey } from '../../model/normalize.js';
import { HttpError, MalformedResponseError } from '../http.js';
import type { DescopeManagementClient } from './client.js';
import type { WireUser } from './wire.js';

// PROVIDERS.md: user/search's `limit` defaults to 100; its maximum is UNCERTAIN. Two readings are tolerated:
// a server that answers at most its maximum (seen as a short first page while `total` says more), and one that
// refuses a larger limit with 400 (then the limit is halved, down to MIN_SEARCH_LIMIT).
export const DEFAULT_SEARCH_LIMIT = 100;
const MIN_SEARCH_LIMIT = 10;

/** The largest limit the server has honoured so far; shared by every tenant of a provider. */
export interface SearchLimit {
  value: number;
}

export type UserFilter = 'loginIds' | 'userIds';

function isLimitRefusal(error: unknown): boolean {
  // Descope answers invalid arguments with 400 and a code in E011001-E011004 (PROVIDERS.md).
  return error instanceof HttpError && error.status === 400 && (error.providerCode === undefined || /^E0110\d\d$/.test(error.providerCode));
}

/**
 * Every user of the tenant named by `values` (login ids, compared case-insensitively, or user ids), in as few
 * requests as the server allows: batches of `limit` values, each normally answered by one page.
 */
export async function searchTenantUsers(
  client: DescopeManagementClient,
  tenantId: string,
  filter: UserFilter,
  values: readonly string[],
  limit: SearchLimit,
  signal?: AbortSignal,
): Promise<WireUser[]> {
  const found = new Map<string, WireUser>();
  let rest = values;
  while (rest.length > 0) {
    const size = limit.value;
    const batch = rest.slice(0, size);
    try {
      for (const user of await searchBatch(client, tenantId, filter, batch, size, limit, signal)) found.set(user.userId, user);
      rest = rest.slice(batch.length);
    } catch (error) {
      if (!isLimitRefusal(error) || size <= MIN_SEARCH_LIMIT) throw error;
      limit.value = Math.min(limit.value, Math.max(MIN_SEARCH_LIMIT, Math.floor(size / 2)));
    }
  }
  return [...found.values()];
}

async function searchBatch(
  client: DescopeManagementClient,
  tenantId: string,
  filter: UserFilter,
  batch: readonly string[],
  size: number,
  learned: SearchLimit,
  signal?: AbortSignal,
): Promise<WireUser[]> {
  const wanted = new Set(filter === 'loginIds' ? batch.map(loginIdKey) : batch);
  const matches = (user: WireUser): boolean =>
    filter === 'loginIds' ? user.loginIds.some((l) => wanted.has(loginIdKey(l))) : wanted.has(user.userId);
  const found = new Map<string, WireUser>();
  let limit = size;
  // Each page adds at least one user, so more pages than values means the answers never add up.
  for (let page = 0; page <= batch.length; page++) {
    const answer = await client.searchUsers(tenantId, filter === 'loginIds' ? { loginIds: [...batch] } : { userIds: [...batch] }, page, limit, signal);
    const what = `POST /v2/mgmt/user/search for tenant ${tenantId} (page ${page}, limit ${limit})`;
    const bad = (problem: string) => new MalformedResponseError(`${what}: ${problem}`);
    if (answer.users.length > limit) throw bad(`answered ${answer.users.length} users`);
    // A filter the server ignored would show as more matches than values asked for.
    if (answer.total > batch.length) throw bad(`total is ${answer.total} for ${batch.length} ${filter}`);
    for (const user of answer.users) {
      if (!matches(user)) throw bad(`user ${user.userId} matches none of the requested ${filter}`);
      if (found.has(user.userId)) throw bad(`user ${user.userId} came on two pages`);
      found.set(user.userId, user);
    }
    if (found.size > answer.total) throw bad(`total is ${answer.total} but ${found.size} users came back`);
    if (found.size === answer.total) return [...found.values()];
    if (answer.users.length === 0) throw bad(`total is ${answer.total} but only ${found.size} users came back`);
    if (answer.users.length < limit) {
      if (page > 0) throw bad(`a short page before the end (total ${answer.total}, ${found.size} so far)`);
      // The server caps the limit. Going on with its page size gives the same offsets whether it pages by its
      // own limit or by the one asked for.
      limit = answer.users.length;
      learned.value = Math.min(learned.value, limit);
    }
  }
  throw new MalformedResponseError(`POST /v2/mgmt/user/search for tenant ${tenantId}: the pages never reach the total`);
}
