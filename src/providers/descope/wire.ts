import { MalformedResponseError } from '../../http/index.js';
import { parseLenientInteger } from '../scim/wire.js';

// Descope's management API shapes (docs/providers.md, Descope) and strict readers for them: a field we rely on
// that is missing or has the wrong type is a MalformedResponseError, never a silent default. Descope's SCIM
// side is plain SCIM 2.0 and uses ../scim/wire.ts.

export interface WireMember {
  userId: string;
  loginId?: string;
  display?: string;
}

export interface WireGroup {
  id: string;
  display: string;
  externalId?: string;
  /** undefined: the answer did not include members (load them with group/members). */
  members?: WireMember[];
  source?: string;
  ssoId?: string;
}

export interface WireUser {
  userId: string;
  loginIds: string[];
  name?: string;
}

export interface WireUserPage {
  users: WireUser[];
  total: number;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(what: string, problem: string): MalformedResponseError {
  return new MalformedResponseError(`${what}: ${problem}`);
}

function optionalString(object: Json, field: string, what: string): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw malformed(what, `"${field}" is not a string`);
  return value;
}

function requiredId(object: Json, field: string, what: string): string {
  const value = optionalString(object, field, what);
  if (value === undefined || value === '') throw malformed(what, `an item has no "${field}"`);
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function readMember(raw: unknown, what: string): WireMember {
  if (!isObject(raw)) throw malformed(what, 'a member is not an object');
  const loginId = nonEmpty(optionalString(raw, 'loginId', what));
  const display = nonEmpty(optionalString(raw, 'display', what));
  return { userId: requiredId(raw, 'userId', what), ...(loginId === undefined ? {} : { loginId }), ...(display === undefined ? {} : { display }) };
}

function readGroup(raw: unknown, what: string): WireGroup {
  if (!isObject(raw)) throw malformed(what, 'a group is not an object');
  const id = requiredId(raw, 'id', what);
  const display = optionalString(raw, 'display', what);
  if (display === undefined) throw malformed(what, `group ${id} has no "display"`);
  const externalId = nonEmpty(optionalString(raw, 'externalId', what));
  const source = nonEmpty(optionalString(raw, 'source', what));
  const ssoId = nonEmpty(optionalString(raw, 'ssoId', what));
  let members: WireMember[] | undefined;
  if (raw.members !== undefined && raw.members !== null) {
    if (!Array.isArray(raw.members)) throw malformed(what, `group ${id} has "members" that is not a list`);
    members = raw.members.map((m) => readMember(m, what));
  }
  return {
    id,
    display,
    ...(externalId === undefined ? {} : { externalId }),
    ...(members === undefined ? {} : { members }),
    ...(source === undefined ? {} : { source }),
    ...(ssoId === undefined ? {} : { ssoId }),
  };
}

/**
 * group/all, group/members: a bare array (every official SDK) or `{groups: [...]}` (the docs); UNCERTAIN. Behind
 * Descope's gRPC gateway an empty list may be omitted: `null`, or `{}` without `groups`, is no groups.
 */
export function readGroupList(body: unknown, what: string): WireGroup[] {
  if (body === null || body === undefined || (isObject(body) && (Object.keys(body).length === 0 || body.groups === null))) return [];
  const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.groups) ? body.groups : undefined;
  if (list === undefined) throw malformed(what, 'expected a list of groups or {"groups": [...]}');
  const groups = list.map((g) => readGroup(g, what));
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.id)) throw malformed(what, `group ${group.id} appears twice`);
    seen.add(group.id);
  }
  return groups;
}

/** group/members answers a list holding exactly the asked group, members filled in. */
export function readGroupMembers(body: unknown, groupId: string, what: string): WireGroup | undefined {
  const groups = readGroupList(body, what);
  if (groups.length === 0) return undefined;
  const [group] = groups;
  if (groups.length > 1 || group?.id !== groupId) throw malformed(what, `expected only group ${groupId}, got ${groups.map((g) => g.id).join(', ')}`);
  // group/members fills members in, so an absent list is an empty one the gateway omitted.
  return group.members === undefined ? { ...group, members: [] } : group;
}

function readUser(raw: unknown, what: string): WireUser {
  if (!isObject(raw)) throw malformed(what, 'a user is not an object');
  const userId = requiredId(raw, 'userId', what);
  const loginIds = raw.loginIds ?? [];
  if (!Array.isArray(loginIds) || !loginIds.every((l) => typeof l === 'string')) throw malformed(what, `user ${userId} has "loginIds" that is not a list of strings`);
  const name = nonEmpty(optionalString(raw, 'name', what));
  return { userId, loginIds: loginIds.filter((l) => l !== ''), ...(name === undefined ? {} : { name }) };
}

/** One page of /v2/mgmt/user/search: `{users, total}`; the gateway may omit both when nothing matched (`{}`). */
export function readUserPage(body: unknown, what: string): WireUserPage {
  if (!isObject(body) || (body.users !== undefined && body.users !== null && !Array.isArray(body.users))) throw malformed(what, 'expected {"users": [...], "total": N}');
  const users = (body.users as unknown[] | null | undefined) ?? [];
  if (users.length === 0 && (body.total === undefined || body.total === null)) return { users: [], total: 0 };
  if ((body.users === undefined || body.users === null) && parseLenientInteger(body.total) !== 0) throw malformed(what, 'a total without "users"');
  const total = parseLenientInteger(body.total);
  if (total === undefined) throw malformed(what, '"total" is missing or not a whole number');
  return { users: users.map((u) => readUser(u, what)), total };
}
