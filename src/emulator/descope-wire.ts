import type { EmulatorRequest, EmulatorResponse } from './router.js';
import type { EmulatorState, EmulatorTenant, EmulatorUser, EmulatorGroup } from './state.js';

// Codes from PROVIDERS.md and the Go SDK's error table: E011001 bad request, E011002 invalid arguments,
// E112102 user not found, E112202 tenant not found, E130429 rate limited. Descope answers these with 400.
export const DescopeCode = {
  badRequest: 'E011001',
  invalidArguments: 'E011002',
  // The code Descope sends for a rejected management key is not documented in PROVIDERS.md; clients must
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
 * Parses a JSON object body the way the gateway does: unknown fields are rejected (PROVIDERS.md), known
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

export function wireGroup(tenant: EmulatorTenant, state: EmulatorState, group: EmulatorGroup, withMembers: boolean): Record<string, unknown> {
  const wire: Record<string, unknown> = { id: group.id, display: group.display };
  if (withMembers) {
    wire.members = group.members.map((userId) => {
      const user = tenant.users.get(userId) ?? state.projectUsers.get(userId);
      return { loginId: user?.loginIds[0] ?? '', userId, display: user?.display ?? '' };
    });
  }
  if (group.source !== undefined) wire.source = group.source;
  return wire;
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
