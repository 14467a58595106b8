import type { EmulatorRequest, EmulatorResponse } from '../router.js';
import type { EmulatorState } from '../state.js';
import type { EmulatorTenant, EmulatorUser, EmulatorGroup } from '../records.js';

// Codes as the Go SDK names them: E011001 bad request, E011002 missing arguments, E011003 validation failure,
// E011004 invalid arguments, E112102 user not found, E112202 tenant not found, E130429 rate limited; Descope
// answers these with 400 (429 for the last).
export const DescopeCode = {
  badRequest: 'E011001',
  missingArguments: 'E011002',
  validationFailure: 'E011003',
  invalidArguments: 'E011004',
  // The code Descope sends for a rejected key is not documented; clients classify a 401 by its status.
  unauthorized: 'E010001',
  userNotFound: 'E112102',
  tenantNotFound: 'E112202',
  rateLimited: 'E130429',
  // Not documented either; a 500 is classified by status.
  internal: 'E010000',
} as const;

export function descopeError(status: number, errorCode: string, errorDescription: string, errorMessage?: string): EmulatorResponse {
  return { status, body: { errorCode, errorDescription, ...(errorMessage === undefined ? {} : { errorMessage }) } };
}

function bearer(request: EmulatorRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
  return match?.[1]?.trim();
}

/** `projectId:key` from the Authorization header. */
export function readProjectKey(request: EmulatorRequest): { projectId: string; key: string } | undefined {
  const token = bearer(request);
  const colon = token?.indexOf(':') ?? -1;
  if (token === undefined || colon <= 0) return undefined;
  return { projectId: token.slice(0, colon), key: token.slice(colon + 1) };
}

export function checkManagementKey(state: EmulatorState, request: EmulatorRequest): EmulatorResponse | undefined {
  if (state.projectId === undefined || state.managementKey === undefined) {
    return descopeError(401, DescopeCode.unauthorized, 'Unauthorized', 'the emulator seed sets no projectId and managementKey');
  }
  const given = readProjectKey(request);
  if (given === undefined || given.projectId !== state.projectId || given.key !== state.managementKey) {
    return descopeError(401, DescopeCode.unauthorized, 'Unauthorized', 'invalid project id or management key');
  }
  return undefined;
}

export type FieldType = 'string' | 'string[]' | 'number' | 'boolean' | 'any';

/**
 * Parses a JSON object body the way the gateway does: unknown fields are rejected (docs/providers.md), known
 * fields must have their type; null counts as absent.
 */
export function readDescopeBody(
  request: EmulatorRequest,
  fields: Record<string, FieldType>,
): { body: Record<string, unknown> } | { error: EmulatorResponse } {
  let parsed: unknown;
  try {
    parsed = request.body.length === 0 ? {} : JSON.parse(request.body.toString('utf8'));
  } catch {
    return { error: descopeError(400, DescopeCode.badRequest, 'Request is invalid', 'the body is not JSON') };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { error: descopeError(400, DescopeCode.badRequest, 'Request is invalid', 'the body must be a JSON object') };
  }
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const type = fields[name];
    if (type === undefined) {
      return { error: descopeError(400, DescopeCode.badRequest, 'Request is invalid', `unknown field "${name}"`) };
    }
    if (value === null) continue;
    const ok =
      type === 'any' ||
      (type === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === type);
    if (!ok) return { error: descopeError(400, DescopeCode.validationFailure, 'Request is invalid', `field "${name}" must be ${type}`) };
    body[name] = value;
  }
  return { body };
}

export function findTenant(state: EmulatorState, tenantId: unknown): EmulatorTenant | EmulatorResponse {
  if (typeof tenantId !== 'string' || tenantId === '') {
    return descopeError(400, DescopeCode.missingArguments, 'Missing arguments', 'tenantId is required');
  }
  return state.tenants.get(tenantId) ?? descopeError(400, DescopeCode.tenantNotFound, 'Tenant not found', `no tenant ${tenantId}`);
}

// A member's JSON depends only on its user (users never change after start-up), so each is encoded once per
// tenant and user and an answer is copied together from bytes:
// group/all of 5,000 groups x 50 members is 250,000 members and 19.6 MB, which as objects plus JSON.stringify
// cost the emulator 100-200 ms a call (bench/RESULTS.md finding 4). Cached with its leading comma: one chunk each.
// One cache per way of writing: with empty values, and without them (--omit-empty).
const memberJsonCaches = { full: new WeakMap<EmulatorTenant, Map<string, Buffer>>(), omitted: new WeakMap<EmulatorTenant, Map<string, Buffer>>() };
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const COMMA = bytes(',');
const MEMBERS_END = bytes(']');
const GROUP_END = bytes('}');

interface GroupWriter {
  out: Buffer[];
  tenant: EmulatorTenant;
  state: EmulatorState;
  members: Map<string, Buffer>;
  omitEmpty: boolean;
}

function memberJsonCache(tenant: EmulatorTenant, omitEmpty: boolean): Map<string, Buffer> {
  const caches = omitEmpty ? memberJsonCaches.omitted : memberJsonCaches.full;
  let cache = caches.get(tenant);
  if (cache === undefined) caches.set(tenant, (cache = new Map()));
  return cache;
}

/** gRPC-gateway style: empty strings, empty lists and false are left out. */
function withoutEmpty(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '' && v !== false && v !== null && !(Array.isArray(v) && v.length === 0)));
}

/** `,{"loginId":..,"userId":..,"display":..}`. */
function commaMemberJson(writer: GroupWriter, userId: string): Buffer {
  let json = writer.members.get(userId);
  if (json === undefined) {
    const user = writer.tenant.users.get(userId) ?? writer.state.projectUsers.get(userId);
    const member = { loginId: user?.loginIds[0] ?? '', userId, display: user?.display ?? '' };
    json = bytes(`,${JSON.stringify(writer.omitEmpty ? withoutEmpty(member) : member)}`);
    // An unknown member is rare and not worth keeping.
    if (user !== undefined) writer.members.set(userId, json);
  }
  return json;
}

/** A group as the management API shows it, `{id, display, members?, source?, ssoId?}`, appended as JSON. */
function writeGroupJson(writer: GroupWriter, group: EmulatorGroup, withMembers: boolean): void {
  const { out } = writer;
  // Omitted empties: a group without members has no `members` key, even where members are inline.
  const members = withMembers && !(writer.omitEmpty && group.members.length === 0);
  out.push(bytes(`{"id":${JSON.stringify(group.id)},"display":${JSON.stringify(group.display)}${members ? ',"members":[' : ''}`));
  if (members) {
    const members = group.members;
    for (let i = 0; i < members.length; i++) {
      const json = commaMemberJson(writer, members[i]!);
      out.push(i === 0 ? json.subarray(1) : json);
    }
    out.push(MEMBERS_END);
  }
  if (group.ssoId !== undefined) out.push(bytes(`,"ssoId":${JSON.stringify(group.ssoId)}`));
  out.push(group.source === undefined ? GROUP_END : bytes(`,"source":${JSON.stringify(group.source)}}`));
}

/** The JSON of a group list, in the envelope asked for: `[...]` or `{"groups": [...]}` (both seen: docs/providers.md). */
export function wireGroupsJson(
  tenant: EmulatorTenant,
  state: EmulatorState,
  groups: readonly EmulatorGroup[],
  options: { withMembers: boolean; envelope: 'array' | 'object'; omitEmpty?: boolean },
): Buffer {
  const omitEmpty = options.omitEmpty === true;
  // gRPC-gateway style: an empty list is `null` bare, or left out of its envelope.
  if (omitEmpty && groups.length === 0) return bytes(options.envelope === 'object' ? '{}' : 'null');
  const writer: GroupWriter = { out: [bytes(options.envelope === 'object' ? '{"groups":[' : '[')], tenant, state, members: memberJsonCache(tenant, omitEmpty), omitEmpty };
  groups.forEach((group, i) => {
    if (i > 0) writer.out.push(COMMA);
    writeGroupJson(writer, group, options.withMembers);
  });
  writer.out.push(bytes(options.envelope === 'object' ? ']}' : ']'));
  return Buffer.concat(writer.out);
}

export function wireUser(state: EmulatorState, user: EmulatorUser, omitEmpty = false): Record<string, unknown> {
  const wire = {
    userId: user.userId,
    loginIds: [...user.loginIds],
    email: user.email ?? '',
    verifiedEmail: user.email !== undefined,
    name: user.display ?? '',
    status: 'enabled',
    roleNames: [],
    userTenants: (state.userTenants.get(user.userId) ?? []).map((tenantId) => ({ tenantId, tenantName: tenantId, roleNames: [] })),
    test: false,
  };
  return omitEmpty ? withoutEmpty(wire) : wire;
}
