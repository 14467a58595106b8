import { groupNameKey } from '../../model/normalize.js';
import type { EmulatorGroup, EmulatorTenant } from '../records.js';
import type { EmulatorState } from '../state.js';
import type { EmulatorRequest, EmulatorResponse } from '../router.js';
import { huaweiGatewayNotFound, scimError } from './errors.js';
import { checkFilterShape, compileFilter, eqValues, FilterError, parseScimFilter } from './filter.js';
import { endlessListResponse, listResponse, PagingError, readPage } from './paging.js';
import { applyGroupPatch, ScimRequestError, type GroupDraft } from './patch-apply.js';
import type { ScimProfile } from './profiles.js';
import { groupFilterView, projectResource, renderGroup, type ScimBase } from './resources.js';
import { bumpVersion, groupVersion } from './versions.js';

/** The tenant a SCIM request addresses, how its server behaves, and where its resources live. */
export interface ScimScope {
  state: EmulatorState;
  profile: ScimProfile;
  base: ScimBase;
  /** Set on groups created here (Descope marks SCIM-pushed groups `scim`). */
  createdSource?: string;
  /** Descope: the SSO configuration of the key, set on groups created here. */
  createdSsoId?: string;
  /** Which of the tenant's groups the request can see (Descope: its key's SSO configuration); absent: all. */
  sees?: (group: EmulatorGroup) => boolean;
}

function visibleGroups(scope: ScimScope): EmulatorGroup[] {
  const all = [...scope.base.tenant.groups.values()];
  return scope.sees === undefined ? all : all.filter(scope.sees);
}

/** A write happened: the state is dirty, and the management reads see it after the consistency lag. */
function wrote(scope: ScimScope, groupId: string): void {
  scope.state.touch();
  scope.state.noteGroupWrite(scope.base.tenant, groupId);
}

export function readJsonBody(request: EmulatorRequest): unknown {
  if (request.body.length === 0) throw new ScimRequestError(400, 'a JSON body is required', 'invalidSyntax');
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new ScimRequestError(400, 'the body is not JSON', 'invalidSyntax');
  }
}

/** Runs a handler, rendering refusals in the profile's error shape. */
export function runScimHandler(scope: ScimScope, run: () => EmulatorResponse): EmulatorResponse {
  try {
    return run();
  } catch (error) {
    if (error instanceof ScimRequestError) return scimError(scope.profile, error.status, error.message, error.scimType);
    if (error instanceof FilterError) return scimError(scope.profile, 400, error.message, 'invalidFilter');
    if (error instanceof PagingError) return scimError(scope.profile, 400, error.message, 'invalidValue');
    throw error;
  }
}

function ok(scope: ScimScope, status: number, body?: unknown, headers?: Record<string, string>): EmulatorResponse {
  return { status, headers: { 'content-type': scope.profile.contentType, ...headers }, ...(body === undefined ? {} : { body }) };
}

/** A group's answer, with its ETag where the server versions groups. */
function okGroup(scope: ScimScope, status: number, group: EmulatorGroup, body?: unknown, headers?: Record<string, string>): EmulatorResponse {
  return ok(scope, status, body, { ...headers, ...(scope.profile.etag ? { etag: groupVersion(group) } : {}) });
}

/** A write to a versioned group whose If-Match names another version than the group's is refused with 412. */
function checkVersion(scope: ScimScope, request: EmulatorRequest, group: EmulatorGroup): void {
  const header = request.headers['if-match'];
  const wanted = Array.isArray(header) ? header.join(',') : header;
  if (!scope.profile.etag || wanted === undefined || wanted.trim() === '*') return;
  const current = groupVersion(group);
  if (!wanted.split(',').map((v) => v.trim()).includes(current)) {
    throw new ScimRequestError(412, `group ${group.id} changed: its version is ${current}, not ${wanted}`);
  }
}

function sameName(profile: ScimProfile, a: string, b: string): boolean {
  return profile.filterCase === 'insensitive' ? groupNameKey(a) === groupNameKey(b) : a === b;
}

function checkUnique(scope: ScimScope, displayName: string, exceptId?: string): void {
  if (scope.profile.reservedGroupNames?.some((name) => groupNameKey(name) === groupNameKey(displayName))) {
    throw new ScimRequestError(400, `${displayName} is a reserved group name`, 'invalidValue');
  }
  for (const group of visibleGroups(scope)) {
    if (group.id !== exceptId && sameName(scope.profile, group.display, displayName)) {
      throw new ScimRequestError(409, `a group named ${group.display} already exists`, 'uniqueness');
    }
  }
}

// Refuses only growth past the cap: a group already over it (seeded so) may still shrink or be renamed.
function checkMemberCap(scope: ScimScope, members: readonly string[], before = 0): void {
  const max = scope.profile.maxGroupMembers;
  if (max === undefined || members.length <= max || members.length <= before) return;
  throw new ScimRequestError(400, `Group membership limit exceeded: a group can have at most ${max} direct members, and this request would make ${members.length}`, 'invalidValue');
}

function checkUniqueExternalId(scope: ScimScope, externalId: string | undefined, exceptId?: string): void {
  if (!scope.profile.uniqueExternalId || externalId === undefined) return;
  const holder = visibleGroups(scope).find((g) => g.id !== exceptId && g.externalId === externalId);
  if (holder !== undefined) throw new ScimRequestError(409, `a group with externalId ${externalId} already exists`, 'uniqueness');
}

function checkMembersExist(tenant: EmulatorTenant, members: readonly string[], known: ReadonlySet<string> = new Set()): void {
  const unknown = members.filter((m) => !known.has(m) && !tenant.users.has(m));
  if (unknown.length > 0) throw new ScimRequestError(400, `no such user: ${unknown.join(', ')}`, 'invalidValue');
}

/** displayName, externalId and members of a POST or PUT body. */
function readGroupBody(profile: ScimProfile, body: unknown): GroupDraft {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ScimRequestError(400, 'the body must be a JSON object', 'invalidSyntax');
  const { displayName, externalId, members } = body as Record<string, unknown>;
  if (typeof displayName !== 'string' || displayName.trim() === '') throw new ScimRequestError(400, 'displayName is required', 'invalidValue');
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') throw new ScimRequestError(400, 'externalId must be a string', 'invalidValue');
  if (members !== undefined && members !== null && !Array.isArray(members)) throw new ScimRequestError(400, 'members must be an array', 'invalidValue');
  const values = ((members as unknown[] | null | undefined) ?? []).map((m) => {
    const value = typeof m === 'object' && m !== null ? (m as Record<string, unknown>).value : undefined;
    if (typeof value !== 'string' || value === '') throw new ScimRequestError(400, 'every member needs a string value', 'invalidValue');
    return value;
  });
  const max = profile.maxCreateMembers;
  if (max !== undefined && values.length > max) {
    throw new ScimRequestError(400, `A maximum of ${max} members are allowed in a single request; this one has ${values.length}`, 'invalidValue');
  }
  return { displayName, ...(typeof externalId === 'string' ? { externalId } : {}), members: [...new Set(values)] };
}

function render(scope: ScimScope, request: EmulatorRequest, group: Parameters<typeof renderGroup>[2]): Record<string, unknown> {
  const resource = renderGroup(scope.profile, scope.base, group);
  return scope.profile.projection ? projectResource(resource, request.query) : resource;
}

// Requests by id a new group still answers with 404 (eventual consistency after create); counted, not timed,
// so a test sees the same answers however fast it runs.
const notYetVisible = new WeakMap<EmulatorGroup, number>();

function findGroup(scope: ScimScope, id: string | undefined) {
  const group = id === undefined ? undefined : scope.base.tenant.groups.get(id);
  if (group === undefined || (scope.sees !== undefined && !scope.sees(group))) throw new ScimRequestError(404, `group ${id ?? ''} not found`);
  const lag = notYetVisible.get(group) ?? 0;
  if (lag > 0) {
    notYetVisible.set(group, lag - 1);
    throw new ScimRequestError(404, `group ${group.id} not found`);
  }
  return group;
}

/**
 * The user ids a write's member values name. 'login-id' plays the reading where Descope takes a value as a login
 * id: user ids match no login id and are dropped without an error (members already there stay).
 */
function memberUserIds(scope: ScimScope, values: readonly string[], present: readonly string[] = []): string[] {
  if (scope.profile.memberValue === 'user-id') return [...values];
  const kept = new Set(present);
  const byLogin = new Map<string, string>();
  for (const user of scope.base.tenant.users.values()) for (const loginId of user.loginIds) byLogin.set(loginId.toLowerCase(), user.userId);
  return values.flatMap((v) => (kept.has(v) ? [v] : (byLogin.get(v.toLowerCase()) ?? [])));
}

/** Descope: a PATCH that `replace`s a refused attribute is a 400, as some gateways answer one operation kind. */
function checkReplaceAllowed(scope: ScimScope, body: unknown): void {
  if (scope.profile.refuseReplace.length === 0 || typeof body !== 'object' || body === null) return;
  const refused = new Set(scope.profile.refuseReplace.map((a) => a.toLowerCase()));
  const operations = (body as { Operations?: unknown }).Operations;
  for (const op of Array.isArray(operations) ? operations : []) {
    const { op: name, path } = (op ?? {}) as { op?: unknown; path?: unknown };
    if (typeof name === 'string' && name.toLowerCase() === 'replace' && typeof path === 'string' && refused.has(path.toLowerCase())) {
      throw new ScimRequestError(400, `replace of ${path} is not supported`, 'invalidValue');
    }
  }
}

export function listGroups(scope: ScimScope, request: EmulatorRequest): EmulatorResponse {
  const text = request.query.get('filter');
  if (scope.profile.endlessPages && (text === null || text.trim() === '')) return ok(scope, 200, endlessListResponse(readPage(scope.profile, request.query, 'groups'), 'groups'));
  let groups = visibleGroups(scope);
  if (text !== null && text.trim() !== '') {
    const filter = parseScimFilter(text);
    if (scope.profile.groupFilters !== undefined) checkFilterShape(filter, scope.profile.groupFilters);
    if (scope.profile.unknownInMemberFilter === 'not-found') {
      for (const user of eqValues(filter, 'members', 'members.value')) {
        if (!scope.base.tenant.users.has(user)) throw new ScimRequestError(404, `user ${user} not found`);
      }
    }
    const test = compileFilter(filter, scope.profile.filterCase);
    groups = groups.filter((g) => test(groupFilterView(g)));
  }
  const page = readPage(scope.profile, request.query, 'groups');
  return ok(scope, 200, listResponse(page, groups, (g) => render(scope, request, g)));
}

export function getGroup(scope: ScimScope, request: EmulatorRequest): EmulatorResponse {
  const group = findGroup(scope, request.params.id);
  return okGroup(scope, 200, group, render(scope, request, group));
}

export function createGroup(scope: ScimScope, request: EmulatorRequest): EmulatorResponse {
  const read = readGroupBody(scope.profile, readJsonBody(request));
  const draft = { ...read, members: memberUserIds(scope, read.members) };
  checkMembersExist(scope.base.tenant, draft.members);
  checkMemberCap(scope, draft.members);
  checkUnique(scope, draft.displayName);
  checkUniqueExternalId(scope, draft.externalId);
  const now = new Date().toISOString();
  const id = scope.state.newGroupId(scope.base.tenant);
  const group = {
    id,
    display: draft.displayName,
    ...(draft.externalId === undefined ? {} : { externalId: draft.externalId }),
    members: draft.members,
    ...(scope.createdSource === undefined ? {} : { source: scope.createdSource }),
    ...(scope.createdSsoId === undefined ? {} : { ssoId: scope.createdSsoId }),
    created: now,
    lastModified: now,
  };
  scope.base.tenant.groups.set(id, group);
  if (scope.profile.consistencyLagRequests > 0) notYetVisible.set(group, scope.profile.consistencyLagRequests);
  bumpVersion(group);
  wrote(scope, id);
  const resource = render(scope, request, group);
  return okGroup(scope, scope.profile.createStatus, group, resource, { location: `${scope.base.url}/Groups/${encodeURIComponent(id)}` });
}

function storeDraft(scope: ScimScope, id: string, draft: GroupDraft): void {
  const group = findGroup(scope, id);
  group.display = draft.displayName;
  if (draft.externalId === undefined) delete group.externalId;
  else group.externalId = draft.externalId;
  group.members = draft.members;
  group.lastModified = new Date().toISOString();
  bumpVersion(group);
  wrote(scope, id);
}

export function replaceGroup(scope: ScimScope, request: EmulatorRequest): EmulatorResponse {
  if (scope.profile.groupPutRefusal === 'gateway-404') return huaweiGatewayNotFound();
  if (scope.profile.groupPutRefusal === 'validation-400') throw new ScimRequestError(400, 'PUT is not supported for groups', 'invalidSyntax');
  const group = findGroup(scope, request.params.id);
  checkVersion(scope, request, group);
  const read = readGroupBody(scope.profile, readJsonBody(request));
  const draft = { ...read, members: memberUserIds(scope, read.members, group.members) };
  checkMembersExist(scope.base.tenant, draft.members, new Set(group.members));
  checkMemberCap(scope, draft.members, group.members.length);
  checkUnique(scope, draft.displayName, group.id);
  checkUniqueExternalId(scope, draft.externalId, group.id);
  storeDraft(scope, group.id, draft);
  return okGroup(scope, 200, group, render(scope, request, group));
}

export function patchGroup(scope: ScimScope, request: EmulatorRequest): EmulatorResponse {
  if (scope.profile.patchSuccess === 'unsupported') throw new ScimRequestError(501, 'PATCH is not supported');
  const group = findGroup(scope, request.params.id);
  checkVersion(scope, request, group);
  const body = readJsonBody(request);
  checkReplaceAllowed(scope, body);
  const patched = applyGroupPatch(scope.profile, group, body);
  const draft = { ...patched, members: memberUserIds(scope, patched.members, group.members) };
  checkMembersExist(scope.base.tenant, draft.members, new Set(group.members));
  checkMemberCap(scope, draft.members, group.members.length);
  if (draft.displayName !== group.display) checkUnique(scope, draft.displayName, group.id);
  if (draft.externalId !== group.externalId) checkUniqueExternalId(scope, draft.externalId, group.id);
  storeDraft(scope, group.id, draft);
  switch (scope.profile.patchSuccess) {
    case 'no-content':
      return { status: 204 };
    case 'empty':
      return { status: 200 };
    default:
      return okGroup(scope, 200, group, render(scope, request, group));
  }
}

export function deleteGroup(scope: ScimScope, request: EmulatorRequest): EmulatorResponse {
  const group = findGroup(scope, request.params.id);
  checkVersion(scope, request, group);
  scope.base.tenant.groups.delete(group.id);
  wrote(scope, group.id);
  return { status: scope.profile.deleteStatus };
}
