import type { EmulatorContext } from '../context.js';
import { readProjectKey } from '../descope/wire.js';
import type { EmulatorRequest, EmulatorResponse, Route, RouteFamily } from '../router.js';
import { scimError } from './errors.js';
import { checkFilterShape, compileFilter, eqValues, parseScimFilter } from './filter.js';
import { runScimHandler, createGroup, deleteGroup, getGroup, listGroups, patchGroup, replaceGroup, type ScimScope } from './groups.js';
import { endlessListResponse, listResponse, readPage } from './paging.js';
import { ScimRequestError } from './patch-apply.js';
import { resolveDescopeScimProfile, resolveGenericProfile, serviceProviderConfig, type ScimProfile } from './profiles.js';
import { projectResource, renderUser, userFilterView } from './resources.js';
import { DEFAULT_SSO_ID } from '../../model/sso.js';
import { ssoIdOf } from '../records.js';

function listUsers(scope: ScimScope, request: EmulatorRequest): EmulatorResponse {
  const text = request.query.get('filter');
  if (scope.profile.endlessPages && (text === null || text.trim() === '')) {
    return { status: 200, headers: { 'content-type': scope.profile.contentType }, body: endlessListResponse(readPage(scope.profile, request.query, 'users'), 'users') };
  }
  let users = [...scope.base.tenant.users.values()];
  if (text !== null && text.trim() !== '') {
    const filter = parseScimFilter(text);
    if (scope.profile.userFilters !== undefined) checkFilterShape(filter, scope.profile.userFilters);
    if (scope.profile.unknownInMemberFilter === 'not-found') {
      for (const group of eqValues(filter, 'groups.value')) {
        if (!scope.base.tenant.groups.has(group)) throw new ScimRequestError(404, `group ${group} not found`);
      }
    }
    const test = compileFilter(filter, scope.profile.filterCase);
    // Built only for a filter that may name `groups`: it walks every membership of the tenant.
    const groupsOf = /groups/i.test(text) ? userGroups(scope) : new Map<string, string[]>();
    users = users.filter((u) => test({ ...userFilterView(u), groups: (groupsOf.get(u.userId) ?? []).map((value) => ({ value })) }));
  }
  const page = readPage(scope.profile, request.query, 'users');
  const render = (u: (typeof users)[number]) => {
    const resource = renderUser(scope.base, u);
    return scope.profile.projection ? projectResource(resource, request.query) : resource;
  };
  return { status: 200, headers: { 'content-type': scope.profile.contentType }, body: listResponse(page, users, render) };
}

/** User id -> the ids of the groups holding it (RFC 7643's read-only `groups` attribute, for filters). */
function userGroups(scope: ScimScope): Map<string, string[]> {
  const groupsOf = new Map<string, string[]>();
  for (const group of scope.base.tenant.groups.values()) {
    for (const member of group.members) groupsOf.set(member, [...(groupsOf.get(member) ?? []), group.id]);
  }
  return groupsOf;
}

function getUser(scope: ScimScope, request: EmulatorRequest): EmulatorResponse {
  const id = request.params.id ?? '';
  const user = scope.base.tenant.users.get(id);
  if (user === undefined) throw new ScimRequestError(404, `user ${id} not found`);
  return { status: 200, headers: { 'content-type': scope.profile.contentType }, body: renderUser(scope.base, user) };
}

type ScopeResolver = (request: EmulatorRequest) => ScimScope | EmulatorResponse;

function bearerToken(request: EmulatorRequest): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
}

/** Generic SCIM: the tenant is in the path; its scimKey is the bearer token. AWS: a wrong tenant id is a 401 too. */
function genericScope(ctx: EmulatorContext, profile: ScimProfile): ScopeResolver {
  return (request) => {
    const tenantId = request.params.tenantId ?? '';
    const tenant = ctx.state.tenants.get(tenantId);
    const token = bearerToken(request);
    if (tenant === undefined || tenant.scimKey === undefined || token !== tenant.scimKey) {
      return scimError(profile, 401, 'Authorization header is invalid or missing, or the tenant id is incorrect');
    }
    return { state: ctx.state, profile, base: { tenant, url: `${request.origin}/${encodeURIComponent(tenantId)}/scim/v2` } };
  };
}

/** Generic SCIM at one URL for every tenant (`tenantByToken`): the bearer token alone picks the tenant. */
function tokenScope(ctx: EmulatorContext, profile: ScimProfile): ScopeResolver {
  return (request) => {
    const token = bearerToken(request);
    const owner = token === undefined ? undefined : ctx.state.scimKeyOwner(token);
    if (owner === undefined || owner === 'ambiguous') return scimError(profile, 401, 'Authorization header is invalid or missing');
    return { state: ctx.state, profile, base: { tenant: owner.tenant, url: `${request.origin}/scim/v2` } };
  };
}

/** Descope SCIM: `Bearer <projectId>:<scimKey>`; the key picks the tenant. */
function descopeScope(ctx: EmulatorContext, profile: ScimProfile): ScopeResolver {
  return (request) => {
    const given = readProjectKey(request);
    if (given === undefined || ctx.state.projectId === undefined || given.projectId !== ctx.state.projectId) {
      return scimError(profile, 401, 'invalid project id or SCIM access key');
    }
    const owner = ctx.state.scimKeyOwner(given.key);
    if (owner === 'ambiguous') return scimError(profile, 401, 'this SCIM access key is set on several tenants of the emulator seed');
    if (owner === undefined) return scimError(profile, 401, 'invalid project id or SCIM access key');
    const { tenant, ssoId } = owner;
    // A key belongs to one SSO configuration: it sees and writes only that configuration's groups.
    const ssoScope = ssoId ?? DEFAULT_SSO_ID;
    const separateJit = ctx.options.jitGroups === 'separate';
    return {
      state: ctx.state,
      profile,
      base: { tenant, url: `${request.origin}/scim/v2` },
      createdSource: 'scim',
      ...(ssoId === undefined ? {} : { createdSsoId: ssoId }),
      sees: (g) => ssoIdOf(g) === ssoScope && !(separateJit && g.source === 'jit'),
    };
  };
}

function routesFor(prefix: string, family: RouteFamily, resolve: ScopeResolver): Route[] {
  const route = (method: string, path: string, handler: (scope: ScimScope, request: EmulatorRequest) => EmulatorResponse): Route => ({
    method,
    pattern: `${prefix}${path}`,
    family,
    handler: (request) => {
      const scope = resolve(request);
      return 'status' in scope ? scope : runScimHandler(scope, () => handler(scope, request));
    },
  });
  return [
    route('GET', '/Groups', listGroups),
    route('POST', '/Groups', createGroup),
    route('GET', '/Groups/{id}', getGroup),
    route('PUT', '/Groups/{id}', replaceGroup),
    route('PATCH', '/Groups/{id}', patchGroup),
    route('DELETE', '/Groups/{id}', deleteGroup),
    route('GET', '/Users', listUsers),
    route('GET', '/Users/{id}', getUser),
    route('GET', '/ServiceProviderConfig', (scope) => ({
      status: 200,
      headers: { 'content-type': scope.profile.contentType },
      body: serviceProviderConfig(scope.profile),
    })),
  ];
}

export function scimRoutes(ctx: EmulatorContext): Route[] {
  const descopeProfile = resolveDescopeScimProfile(ctx.options);
  const genericProfile = resolveGenericProfile(ctx.options);
  return [
    ...(ctx.options.tenantByToken
      ? routesFor('/scim/v2', 'scim', tokenScope(ctx, genericProfile))
      : routesFor('/scim/v2', 'descope-scim', descopeScope(ctx, descopeProfile))),
    ...routesFor('/{tenantId}/scim/v2', 'scim', genericScope(ctx, genericProfile)),
  ];
}

/** The profile whose error shape a family's faults use. */
export function profileForFamily(ctx: EmulatorContext, family: RouteFamily): ScimProfile {
  return family === 'descope-scim' ? resolveDescopeScimProfile(ctx.options) : resolveGenericProfile(ctx.options);
}
