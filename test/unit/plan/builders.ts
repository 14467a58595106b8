import type { Diagnostic } from '../../../src/errors.js';
import type {
  DeclaredMember,
  DesiredGroup,
  DesiredTenant,
  LiveGroup,
  LiveTenant,
  LiveUser,
  Plan,
  ProviderIdentity,
  SourceRef,
} from '../../../src/model/types.js';
import { computePlan } from '../../../src/plan/compute.js';
import { resolveMembers } from '../../../src/plan/resolve.js';

export const FILE = 'groupform.yaml';
export const provider: ProviderIdentity = { type: 'descope', baseUrl: 'https://api.descope.com', projectId: 'P2test' };
export const digest = `sha256:${'c'.repeat(64)}`;

export function at(line: number, column = 7, file = FILE): SourceRef {
  return { file, line, column };
}

export function login(loginId: string, line = 1, column = 11): DeclaredMember {
  return { loginId, at: at(line, column) };
}

export function byId(userId: string, line = 1, column = 11): DeclaredMember {
  return { userId, at: at(line, column) };
}

export function desiredGroup(name: string, extra: Partial<DesiredGroup> = {}): DesiredGroup {
  return { name, previously: [], membersMode: 'authoritative', at: at(1, 5), ...extra };
}

export function desiredTenant(groups: DesiredGroup[], extra: Partial<DesiredTenant> = {}): DesiredTenant {
  return {
    tenantId: 'T1',
    groups,
    unmanagedGroups: 'ignore',
    safety: { maxRemovalPercent: 25, maxGroupDeletePercent: 25 },
    at: at(1, 3),
    ...extra,
  };
}

/** alice U1, bob U2, carol U3, dave U4, erin U5 (all @acme.com). */
export const users: LiveUser[] = ['alice', 'bob', 'carol', 'dave', 'erin'].map((name, i) => ({
  userId: `U${i + 1}`,
  loginIds: [`${name}@acme.com`],
}));

export function liveGroup(id: string, name: string, memberIds: string[] = [], extra: Partial<LiveGroup> = {}): LiveGroup {
  const loginOf = new Map(users.map((u) => [u.userId, u.loginIds[0]]));
  const members = memberIds.map((userId) => {
    const loginId = loginOf.get(userId);
    return loginId === undefined ? { userId } : { userId, loginId };
  });
  return { id, name, members, ...extra };
}

export function liveTenant(groups: LiveGroup[], extra: Partial<LiveTenant> = {}): LiveTenant {
  return { tenantId: 'T1', groups, users, ...extra };
}

/** The clock unit tests plan at: 2026-12-07T00:00:00Z. */
export const NOW = Date.UTC(2026, 11, 7);

/** resolveMembers then computePlan, as `plan` does; every diagnostic of both steps. */
export function planFor(pairs: { desired: DesiredTenant; live: LiveTenant }[], now = NOW): { plan: Plan; diagnostics: Diagnostic[] } {
  const resolveDiagnostics: Diagnostic[] = [];
  const tenants = pairs.map(({ desired, live }) => {
    const resolved = resolveMembers(desired, live);
    resolveDiagnostics.push(...resolved.diagnostics);
    return { desired: resolved.tenant, live };
  });
  const { plan, diagnostics } = computePlan({ tenants, provider, configDigest: digest, now });
  return { plan, diagnostics: [...resolveDiagnostics, ...diagnostics] };
}

export function planOne(desired: DesiredTenant, live: LiveTenant, now = NOW): { plan: Plan; diagnostics: Diagnostic[] } {
  return planFor([{ desired, live }], now);
}

export const member = (userId: string, loginId?: string): { userId: string; loginId?: string } =>
  loginId === undefined ? { userId } : { userId, loginId };

/** The plan member for one of `users`. */
export function u(n: number): { userId: string; loginId: string } {
  const user = users[n - 1]!;
  return { userId: user.userId, loginId: user.loginIds[0]! };
}
