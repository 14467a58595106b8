import type { EmulatorRequest, EmulatorResponse } from './router.js';
import type { EmulatorState, EmulatorTenant, EmulatorUser, EmulatorGroup } from './state.js';

// Codes from Descope's docs and the Go SDK's error table (docs/providers.md): E011001 bad request, E011002 invalid arguments,
// E112102 user not found, E112202 tenant not found, E130429 rate limited. Descope answers these with 400.
export const DescopeCode = {
  badRequest: 'E011001',
  invalidArguments: 'E011002',
  // The code Descope sends for a rejected management key is not documented (docs/providers.md); clients must
  // classify a 401 by its status, so any code in the request-error band will do.
  unauthorized: 'E011003',
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
    if (!ok) return { error: descopeError(400, DescopeCode.invalidArguments, 'Invalid arguments', `field "${name}" must be ${type}`) };
    body[name] = value;
  }
  return { body };
}

export function findTenant(state: EmulatorState, tenantId: unknown): EmulatorTenant | EmulatorResponse {
  if (typeof tenantId !== 'string' || tenantId === '') {
    return descopeError(400, DescopeCode.invalidArguments, 'Invalid arguments', 'tenantId is required');
  }
  return state.tenants.get(tenantId) ?? descopeError(400, DescopeCode.tenantNotFound, 'Tenant not found', `no tenant ${tenantId}`);
}

// A member's JSON depends only on its user (users never change after start-up), so each is encoded once per
// tenant and user and an answer is copied together from bytes:
// group/all of 5,000 groups x 50 members is 250,000 members and 19.6 MB, which as objects plus JSON.stringify
// cost the emulator 100-200 ms a call (bench/RESULTS.md finding 4). Cached with its leading comma: one chunk each.
const memberJsonCaches = new WeakMap<EmulatorTenant, Map<string, Buffer>>();
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const COMMA = bytes(',');
const MEMBERS_END = bytes(']');
const GROUP_END = bytes('}');

interface GroupWriter {
  out: Buffer[];
  tenant: EmulatorTenant;
  state: EmulatorState;
  members: Map<string, Buffer>;
}

function memberJsonCache(tenant: EmulatorTenant): Map<string, Buffer> {
  let cache = memberJsonCaches.get(tenant);
  if (cache === undefined) memberJsonCaches.set(tenant, (cache = new Map()));
  return cache;
}

/** `,{"loginId":..,"userId":..,"display":..}`. */
function commaMemberJson(writer: GroupWriter, userId: string): Buffer {
  let json = writer.members.get(userId);
  if (json === undefined) {
    const user = writer.tenant.users.get(userId) ?? writer.state.projectUsers.get(userId);
    json = bytes(`,${JSON.stringify({ loginId: user?.loginIds[0] ?? '', userId, display: user?.display ?? '' })}`);
    // An unknown member is rare and not worth keeping.
    if (user !== undefined) writer.members.set(userId, json);
  }
  return json;
}

/** A group as the management API shows it, `{id, display, members?, source?}`, appended as JSON. */
function writeGroupJson(writer: GroupWriter, group: EmulatorGroup, withMembers: boolean): void {
  const { out } = writer;
  out.push(bytes(`{"id":${JSON.stringify(group.id)},"display":${JSON.stringify(group.display)}${withMembers ? ',"members":[' : ''}`));
  if (withMembers) {
    const members = group.members;
    for (let i = 0; i < members.length; i++) {
      const json = commaMemberJson(writer, members[i]!);
      out.push(i === 0 ? json.subarray(1) : json);
    }
    out.push(MEMBERS_END);
  }
  out.push(group.source === undefined ? GROUP_END : bytes(`,"source":${JSON.stringify(group.source)}}`));
}

/** The JSON of a group list, in the envelope asked for: `[...]` or `{"groups": [...]}` (both seen: docs/providers.md). */
export function wireGroupsJson(
  tenant: EmulatorTenant,
  state: EmulatorState,
  groups: readonly EmulatorGroup[],
  options: { withMembers: boolean; envelope: 'array' | 'object' },
): Buffer {
  const writer: GroupWriter = { out: [bytes(options.envelope === 'object' ? '{"groups":[' : '[')], tenant, state, members: memberJsonCache(tenant) };
  groups.forEach((group, i) => {
    if (i > 0) writer.out.push(COMMA);
    writeGroupJson(writer, group, options.withMembers);
  });
  writer.out.push(bytes(options.envelope === 'object' ? ']}' : ']'));
  return Buffer.concat(writer.out);
}

export function wireUser(state: EmulatorState, user: EmulatorUser): Record<string, unknown> {
  return {
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
}
