import { loginIdKey } from '../model/normalize.js';
import type { EmulatorContext } from './context.js';
import {
  DescopeCode,
  checkManagementKey,
  descopeError,
  findTenant,
  readDescopeBody,
  wireGroup,
  wireUser,
  type FieldType,
} from './descope-wire.js';
import type { EmulatorRequest, EmulatorResponse, Route } from './router.js';
import type { EmulatorTenant, EmulatorUser } from './state.js';

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
};

const DEFAULT_SEARCH_LIMIT = 100;

function authorized(ctx: EmulatorContext, handler: (request: EmulatorRequest) => EmulatorResponse) {
  return (request: EmulatorRequest): EmulatorResponse => checkManagementKey(ctx.state, request) ?? handler(request);
}

function envelope(ctx: EmulatorContext, groups: unknown[]): EmulatorResponse {
  return { status: 200, body: ctx.options.descopeEnvelope === 'object' ? { groups } : groups };
}

function loadAllGroups(ctx: EmulatorContext, request: EmulatorRequest): EmulatorResponse {
  const read = readDescopeBody(request, { tenantId: 'string', ssoId: 'string' });
  if ('error' in read) return read.error;
  const tenant = findTenant(ctx.state, read.body.tenantId);
  if ('status' in tenant) return tenant;
  // Emulated tenants have one SSO configuration, so an ssoId filter keeps every group.
  const groups = [...tenant.groups.values()].map((g) => wireGroup(tenant, ctx.state, g, ctx.options.descopeInlineMembers));
  return envelope(ctx, groups);
}

function loadGroupMembers(ctx: EmulatorContext, request: EmulatorRequest): EmulatorResponse {
  const read = readDescopeBody(request, { tenantId: 'string', groupId: 'string', ssoId: 'string' });
  if ('error' in read) return read.error;
  const tenant = findTenant(ctx.state, read.body.tenantId);
  if ('status' in tenant) return tenant;
  if (typeof read.body.groupId !== 'string' || read.body.groupId === '') {
    return descopeError(400, DescopeCode.invalidArguments, 'Invalid arguments', 'groupId is required');
  }
  const group = tenant.groups.get(read.body.groupId);
  return envelope(ctx, group === undefined ? [] : [wireGroup(tenant, ctx.state, group, true)]);
}

function userIdsForLoginIds(tenant: EmulatorTenant, loginIds: readonly string[]): Set<string> {
  const wanted = new Set(loginIds.map(loginIdKey));
  const found = new Set<string>();
  for (const user of tenant.users.values()) {
    if (user.loginIds.some((l) => wanted.has(loginIdKey(l)))) found.add(user.userId);
  }
  return found;
}

function loadGroupsForMember(ctx: EmulatorContext, request: EmulatorRequest): EmulatorResponse {
  const read = readDescopeBody(request, { tenantId: 'string', loginIds: 'string[]', userIds: 'string[]', ssoId: 'string' });
  if ('error' in read) return read.error;
  const tenant = findTenant(ctx.state, read.body.tenantId);
  if ('status' in tenant) return tenant;
  const loginIds = (read.body.loginIds as string[] | undefined) ?? [];
  const userIds = (read.body.userIds as string[] | undefined) ?? [];
  if (loginIds.length === 0 && userIds.length === 0) {
    return descopeError(400, DescopeCode.invalidArguments, 'Invalid arguments', 'loginIds or userIds must not be empty');
  }
  const members = userIdsForLoginIds(tenant, loginIds);
  for (const userId of userIds) members.add(userId);
  const groups = [...tenant.groups.values()]
    .filter((g) => g.members.some((m) => members.has(m)))
    .map((g) => wireGroup(tenant, ctx.state, g, ctx.options.descopeInlineMembers));
  return envelope(ctx, groups);
}

function matchesSearch(ctx: EmulatorContext, user: EmulatorUser, body: Record<string, unknown>): boolean {
  const tenantIds = body.tenantIds as string[] | undefined;
  if (tenantIds !== undefined && tenantIds.length > 0) {
    const memberOf = ctx.state.userTenants.get(user.userId) ?? [];
    if (!tenantIds.some((t) => memberOf.includes(t))) return false;
  }
  const loginIds = body.loginIds as string[] | undefined;
  if (loginIds !== undefined && loginIds.length > 0) {
    const keys = new Set(user.loginIds.map(loginIdKey));
    if (!loginIds.some((l) => keys.has(loginIdKey(l)))) return false;
  }
  const userIds = body.userIds as string[] | undefined;
  if (userIds !== undefined && userIds.length > 0 && !userIds.includes(user.userId)) return false;
  const emails = body.emails as string[] | undefined;
  if (emails !== undefined && emails.length > 0 && !emails.some((e) => loginIdKey(e) === loginIdKey(user.email ?? ''))) return false;
  const statuses = body.statuses as string[] | undefined;
  if (statuses !== undefined && statuses.length > 0 && !statuses.includes('enabled')) return false;
  // Emulated users have no roles and are not test users.
  for (const field of ['roles', 'roleNames'] as const) {
    const roles = body[field] as string[] | undefined;
    if (roles !== undefined && roles.length > 0) return false;
  }
  if (body.testUsersOnly === true) return false;
  if (typeof body.text === 'string' && body.text !== '') {
    const text = body.text.toLowerCase();
    const haystack = [user.userId, user.display ?? '', user.email ?? '', ...user.loginIds].map((s) => s.toLowerCase());
    if (!haystack.some((s) => s.includes(text))) return false;
  }
  return true;
}

function searchUsers(ctx: EmulatorContext, request: EmulatorRequest): EmulatorResponse {
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
  const matches = [...ctx.state.projectUsers.values()].filter((u) => matchesSearch(ctx, u, read.body));
  const users = matches.slice(page * limit, page * limit + limit).map((u) => wireUser(ctx.state, u));
  return { status: 200, body: { users, total: matches.length } };
}

function loadUser(ctx: EmulatorContext, request: EmulatorRequest): EmulatorResponse {
  const loginId = request.query.get('loginId');
  const userId = request.query.get('userId');
  if ((loginId === null || loginId === '') && (userId === null || userId === '')) {
    return descopeError(400, DescopeCode.invalidArguments, 'Invalid arguments', 'loginId or userId is required');
  }
  let user: EmulatorUser | undefined;
  if (userId !== null && userId !== '') user = ctx.state.projectUsers.get(userId);
  else {
    const key = loginIdKey(loginId ?? '');
    user = [...ctx.state.projectUsers.values()].find((u) => u.loginIds.some((l) => loginIdKey(l) === key));
  }
  if (user === undefined) return descopeError(400, DescopeCode.userNotFound, 'User not found', `no user ${userId ?? loginId ?? ''}`);
  return { status: 200, body: { user: wireUser(ctx.state, user) } };
}

export function descopeManagementRoutes(ctx: EmulatorContext): Route[] {
  const route = (method: string, pattern: string, handler: (c: EmulatorContext, r: EmulatorRequest) => EmulatorResponse): Route => ({
    method,
    pattern,
    family: 'descope',
    handler: authorized(ctx, (request) => handler(ctx, request)),
  });
  return [
    route('POST', '/v1/mgmt/group/all', loadAllGroups),
    route('POST', '/v1/mgmt/group/members', loadGroupMembers),
    route('POST', '/v1/mgmt/group/member/all', loadGroupsForMember),
    route('POST', '/v2/mgmt/user/search', searchUsers),
    route('GET', '/v1/mgmt/user', loadUser),
    route('GET', '/v1/mgmt/license', (c) => ({ status: 200, body: { rateLimitTier: c.options.rateLimitTier } })),
  ];
}
