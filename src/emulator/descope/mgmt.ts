import { loginIdKey } from '../../model/normalize.js';
import type { EmulatorContext } from '../context.js';
import {
  DescopeCode,
  checkManagementKey,
  descopeError,
  findTenant,
  readDescopeBody,
  wireGroupsJson,
  wireUser,
} from './wire.js';
import { searchUsers } from './user-search.js';
import type { EmulatorRequest, EmulatorResponse, Route } from '../router.js';
import { ssoIdOf, type EmulatorGroup, type EmulatorTenant, type EmulatorUser } from '../records.js';
import type { EmulatorState } from '../state.js';

function authorized(ctx: EmulatorContext, handler: (request: EmulatorRequest) => EmulatorResponse) {
  return (request: EmulatorRequest): EmulatorResponse => checkManagementKey(ctx.state, request) ?? handler(request);
}

function groupsAnswer(ctx: EmulatorContext, tenant: EmulatorTenant, groups: readonly EmulatorGroup[], withMembers: boolean): EmulatorResponse {
  const { descopeEnvelope: envelope, omitEmpty } = ctx.options;
  return { status: 200, json: wireGroupsJson(tenant, ctx.state, groups, { withMembers, envelope, omitEmpty }) };
}

/** The tenant's groups the management API shows now (SCIM writes after the consistency lag), of one SSO configuration when asked. */
function shownGroups(ctx: EmulatorContext, tenant: EmulatorTenant, ssoId: unknown): EmulatorGroup[] {
  const groups = [...ctx.state.managementGroups(tenant).values()];
  return typeof ssoId === 'string' && ssoId !== '' ? groups.filter((g) => ssoIdOf(g) === ssoId) : groups;
}

function loadAllGroups(ctx: EmulatorContext, request: EmulatorRequest): EmulatorResponse {
  const read = readDescopeBody(request, { tenantId: 'string', ssoId: 'string' });
  if ('error' in read) return read.error;
  const tenant = findTenant(ctx.state, read.body.tenantId);
  if ('status' in tenant) return tenant;
  // Without ssoId, the groups of every SSO configuration of the tenant.
  return groupsAnswer(ctx, tenant, shownGroups(ctx, tenant, read.body.ssoId), ctx.options.descopeInlineMembers);
}

function loadGroupMembers(ctx: EmulatorContext, request: EmulatorRequest): EmulatorResponse {
  const read = readDescopeBody(request, { tenantId: 'string', groupId: 'string', ssoId: 'string' });
  if ('error' in read) return read.error;
  const tenant = findTenant(ctx.state, read.body.tenantId);
  if ('status' in tenant) return tenant;
  if (typeof read.body.groupId !== 'string' || read.body.groupId === '') {
    return descopeError(400, DescopeCode.missingArguments, 'Missing arguments', 'groupId is required');
  }
  const groupId = read.body.groupId;
  return groupsAnswer(ctx, tenant, shownGroups(ctx, tenant, read.body.ssoId).filter((g) => g.id === groupId), true);
}

function userIdsForLoginIds(state: EmulatorState, tenant: EmulatorTenant, loginIds: readonly string[]): Set<string> {
  const wanted = new Set(loginIds.map(loginIdKey));
  const found = new Set<string>();
  for (const user of tenant.users.values()) {
    for (const key of state.userIndex.loginKeys(user)) {
      if (wanted.has(key)) {
        found.add(user.userId);
        break;
      }
    }
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
    return descopeError(400, DescopeCode.missingArguments, 'Missing arguments', 'loginIds or userIds must not be empty');
  }
  const members = userIdsForLoginIds(ctx.state, tenant, loginIds);
  for (const userId of userIds) members.add(userId);
  const groups = shownGroups(ctx, tenant, read.body.ssoId).filter((g) => g.members.some((m) => members.has(m)));
  return groupsAnswer(ctx, tenant, groups, ctx.options.descopeInlineMembers);
}

function loadUser(ctx: EmulatorContext, request: EmulatorRequest): EmulatorResponse {
  const loginId = request.query.get('loginId');
  const userId = request.query.get('userId');
  if ((loginId === null || loginId === '') && (userId === null || userId === '')) {
    return descopeError(400, DescopeCode.missingArguments, 'Missing arguments', 'loginId or userId is required');
  }
  const user: EmulatorUser | undefined =
    userId !== null && userId !== ''
      ? ctx.state.projectUsers.get(userId)
      : ctx.state.userIndex.usersWithLoginKey(loginIdKey(loginId ?? ''))[0];
  if (user === undefined) return descopeError(400, DescopeCode.userNotFound, 'User not found', `no user ${userId ?? loginId ?? ''}`);
  return { status: 200, body: { user: wireUser(ctx.state, user, ctx.options.omitEmpty) } };
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
