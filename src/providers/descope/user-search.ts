import { loginIdKey } from '../../model/normalize.js';
import { HttpError, MalformedResponseError } from '../../http/index.js';
import type { DescopeManagementClient } from './client.js';
import type { WireUser } from './wire.js';

// user/search's `limit` defaults to 100; its maximum is undocumented (docs/providers.md). Two readings are tolerated:
// a server that answers at most its maximum (seen as a short first page while `total` says more), and one that
// refuses a larger limit with 400 (then the limit is halved, down to MIN_SEARCH_LIMIT).
export const DEFAULT_SEARCH_LIMIT = 100;
const MIN_SEARCH_LIMIT = 10;

/** The largest limit the server has honoured so far; shared by every tenant of a provider. */
export interface SearchLimit {
  value: number;
  /** A full batch of `value` values has been answered: the server's maximum is known, so batches may overlap. */
  settled?: boolean;
}

export type UserFilter = 'loginIds' | 'userIds';

interface Search {
  client: DescopeManagementClient;
  tenantId: string;
  filter: UserFilter;
  limit: SearchLimit;
  signal: AbortSignal | undefined;
}

function isLimitRefusal(error: unknown): boolean {
  // Descope answers invalid arguments with 400 and a code in E011001-E011004 (docs/providers.md).
  return error instanceof HttpError && error.status === 400 && (error.providerCode === undefined || /^E0110\d\d$/.test(error.providerCode));
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}

/**
 * Every user of the tenant named by `values` (login ids, compared case-insensitively, or user ids), in as few
 * requests as the server allows: batches of `limit` values, each normally answered by one page. Until the
 * server's maximum is known, batches go one at a time (the first one learns it, as a cap or as a refusal, so
 * later batches are sized right instead of each hitting the maximum); after that they all go at once, and the
 * run's RequestLimiter bounds how many are in flight.
 */
export async function searchTenantUsers(
  client: DescopeManagementClient,
  tenantId: string,
  filter: UserFilter,
  values: readonly string[],
  limit: SearchLimit,
  signal?: AbortSignal,
): Promise<WireUser[]> {
  const search: Search = { client, tenantId, filter, limit, signal };
  const found = new Map<string, WireUser>();
  let rest = values;
  while (rest.length > 0 && limit.settled !== true) {
    const size = limit.value;
    const batch = rest.slice(0, size);
    const users = await searchOrShrink(search, batch, size);
    if (users === undefined) continue;
    for (const user of users) found.set(user.userId, user);
    rest = rest.slice(batch.length);
    if (batch.length === size) limit.settled = true;
  }
  const answers = await Promise.all(chunk(rest, limit.value).map((batch) => searchSettled(search, batch)));
  for (const user of answers.flat()) found.set(user.userId, user);
  return [...found.values()];
}

/** undefined when the server refused the limit (which is then halved) and the batch must be sent again. */
async function searchOrShrink(search: Search, batch: readonly string[], size: number): Promise<WireUser[] | undefined> {
  try {
    return await searchBatch(search, batch, size);
  } catch (error) {
    if (!isLimitRefusal(error) || size <= MIN_SEARCH_LIMIT) throw error;
    search.limit.value = Math.min(search.limit.value, Math.max(MIN_SEARCH_LIMIT, Math.floor(size / 2)));
    return undefined;
  }
}

/** A batch sent once the maximum is known; a refusal all the same (another reading of it) splits the batch. */
async function searchSettled(search: Search, batch: readonly string[]): Promise<WireUser[]> {
  const size = search.limit.value;
  // The limit may have dropped (a refusal, or another tenant's first batch met a cap) since the batch was cut.
  const users = batch.length <= size ? await searchOrShrink(search, batch, size) : undefined;
  if (users !== undefined) return users;
  const answers = await Promise.all(chunk(batch, search.limit.value).map((part) => searchSettled(search, part)));
  return answers.flat();
}

async function searchBatch(search: Search, batch: readonly string[], size: number): Promise<WireUser[]> {
  const { client, tenantId, filter, signal } = search;
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
      search.limit.value = Math.min(search.limit.value, limit);
    }
  }
  throw new MalformedResponseError(`POST /v2/mgmt/user/search for tenant ${tenantId}: the pages never reach the total`);
}
