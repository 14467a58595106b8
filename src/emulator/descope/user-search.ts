import { loginIdKey } from '../../model/normalize.js';
import type { EmulatorContext } from '../context.js';
import { DescopeCode, descopeError, readDescopeBody, wireUser, type FieldType } from './wire.js';
import type { EmulatorRequest, EmulatorResponse } from '../router.js';
import type { EmulatorState } from '../state.js';
import type { EmulatorUser } from '../records.js';

// Every field the official SDKs send to user/search; anything else is an unknown field (400).
const userSearchFields: Record<string, FieldType> = {
  page: 'number',
  limit: 'number',
  sort: 'any',
  text: 'string',
  emails: 'string[]',
  phones: 'string[]',
  statuses: 'string[]',
  roles: 'string[]',
  roleNames: 'string[]',
  tenantIds: 'string[]',
  customAttributes: 'any',
  withTestUser: 'boolean',
  testUsersOnly: 'boolean',
  ssoAppIds: 'string[]',
  loginIds: 'string[]',
  userIds: 'string[]',
  fromCreatedTime: 'number',
  toCreatedTime: 'number',
  fromModifiedTime: 'number',
  toModifiedTime: 'number',
  tenantRoleIds: 'any',
  tenantRoleNames: 'any',
  verifiedEmail: 'boolean',
  verifiedPhone: 'boolean',
  // SearchUsersRequest fields the Go, Node, Python and Java SDKs also send.
  includeSubTenants: 'boolean',
  ssoOnly: 'boolean',
  withTestUsers: 'boolean',
  customAttributesKeyFilter: 'any',
  userIdsToExclude: 'string[]',
  loginIdsToExclude: 'string[]',
};

const DEFAULT_SEARCH_LIMIT = 100;

/** A search's filters, each normalised once per request; an absent or empty list filters nothing. */
interface UserFilter {
  tenantIds?: ReadonlySet<string>;
  loginKeys?: ReadonlySet<string>;
  userIds?: ReadonlySet<string>;
  emailKeys?: ReadonlySet<string>;
  /** Set when a filter no emulated user can pass was given (roles, test users, a status other than enabled). */
  nobody: boolean;
  text?: string;
}

function listFilter(body: Record<string, unknown>, field: string, key: (value: string) => string = (v) => v): ReadonlySet<string> | undefined {
  const values = body[field] as string[] | undefined;
  return values === undefined || values.length === 0 ? undefined : new Set(values.map(key));
}

function readUserFilter(body: Record<string, unknown>): UserFilter {
  const statuses = body.statuses as string[] | undefined;
  // Emulated users are all enabled, have no roles and are not test users.
  const nobody =
    (statuses !== undefined && statuses.length > 0 && !statuses.includes('enabled')) ||
    (['roles', 'roleNames'] as const).some((field) => ((body[field] as string[] | undefined) ?? []).length > 0) ||
    body.testUsersOnly === true;
  const filter: UserFilter = { nobody };
  const tenantIds = listFilter(body, 'tenantIds');
  const loginKeys = listFilter(body, 'loginIds', loginIdKey);
  const userIds = listFilter(body, 'userIds');
  const emailKeys = listFilter(body, 'emails', loginIdKey);
  if (tenantIds !== undefined) filter.tenantIds = tenantIds;
  if (loginKeys !== undefined) filter.loginKeys = loginKeys;
  if (userIds !== undefined) filter.userIds = userIds;
  if (emailKeys !== undefined) filter.emailKeys = emailKeys;
  if (typeof body.text === 'string' && body.text !== '') filter.text = body.text.toLowerCase();
  return filter;
}

function intersects(a: Iterable<string>, b: ReadonlySet<string>): boolean {
  for (const value of a) if (b.has(value)) return true;
  return false;
}

function matchesFilter(state: EmulatorState, user: EmulatorUser, filter: UserFilter): boolean {
  const { tenantIds, loginKeys, userIds, emailKeys, text } = filter;
  if (tenantIds !== undefined && !(state.userTenants.get(user.userId) ?? []).some((t) => tenantIds.has(t))) return false;
  if (loginKeys !== undefined && !intersects(state.userIndex.loginKeys(user), loginKeys)) return false;
  if (userIds !== undefined && !userIds.has(user.userId)) return false;
  if (emailKeys !== undefined && !emailKeys.has(loginIdKey(user.email ?? ''))) return false;
  if (text !== undefined) {
    const haystack = [user.userId, user.display ?? '', user.email ?? '', ...user.loginIds].map((s) => s.toLowerCase());
    if (!haystack.some((s) => s.includes(text))) return false;
  }
  return true;
}

/**
 * The users that can match, in project order: the smallest of what the user-id, login-id and tenant filters
 * allow, looked up in the index; every project user when none of them is given.
 */
function candidateUsers(state: EmulatorState, filter: UserFilter): readonly EmulatorUser[] {
  const index = state.userIndex;
  const sources: (() => readonly EmulatorUser[])[] = [];
  const sizes: number[] = [];
  const { userIds, loginKeys, tenantIds } = filter;
  if (userIds !== undefined) {
    sizes.push(userIds.size);
    sources.push(() => index.inProjectOrder([...userIds].flatMap((id) => state.projectUsers.get(id) ?? [])));
  }
  if (loginKeys !== undefined) {
    sizes.push([...loginKeys].reduce((n, key) => n + index.usersWithLoginKey(key).length, 0));
    sources.push(() => index.inProjectOrder([...loginKeys].flatMap((key) => index.usersWithLoginKey(key))));
  }
  if (tenantIds !== undefined) {
    sizes.push([...tenantIds].reduce((n, t) => n + index.tenantUsers(t).length, 0));
    sources.push(() =>
      tenantIds.size === 1 ? index.tenantUsers([...tenantIds][0]!) : index.inProjectOrder([...tenantIds].flatMap((t) => index.tenantUsers(t))),
    );
  }
  if (sources.length === 0) return [...state.projectUsers.values()];
  const smallest = sizes.indexOf(Math.min(...sizes));
  return sources[smallest]!();
}

export function searchUsers(ctx: EmulatorContext, request: EmulatorRequest): EmulatorResponse {
  const read = readDescopeBody(request, userSearchFields);
  if ('error' in read) return read.error;
  const page = (read.body.page as number | undefined) ?? 0;
  let limit = (read.body.limit as number | undefined) ?? DEFAULT_SEARCH_LIMIT;
  if (!Number.isInteger(page) || page < 0 || !Number.isInteger(limit) || limit < 0) {
    return descopeError(400, DescopeCode.invalidArguments, 'Invalid arguments', 'page and limit must be whole numbers of at least 0');
  }
  if (limit === 0) limit = DEFAULT_SEARCH_LIMIT;
  const max = ctx.options.userSearchMaxLimit;
  if (max !== undefined && limit > max) {
    if (ctx.options.userSearchOverLimit === 'reject') {
      return descopeError(400, DescopeCode.invalidArguments, 'Invalid arguments', `limit must be at most ${max}`);
    }
    limit = max;
  }
  const filter = readUserFilter(read.body);
  const matches = filter.nobody ? [] : candidateUsers(ctx.state, filter).filter((u) => matchesFilter(ctx.state, u, filter));
  const users = matches.slice(page * limit, page * limit + limit).map((u) => wireUser(ctx.state, u, ctx.options.omitEmpty));
  // gRPC-gateway style: nothing found is `{}`, without an empty list and a zero total.
  if (ctx.options.omitEmpty && matches.length === 0) return { status: 200, body: {} };
  return { status: 200, body: { users, total: matches.length } };
}
