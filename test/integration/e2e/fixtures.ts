import DescopeClient from '@descope/node-sdk';
import { onTestFinished } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator/index.js';
import { runMain, withFiles, type InProcessResult } from '../../support/in-process.js';
import { call } from '../emulator/helpers.js';

export const PROJECT_ID = 'P2e2e';
export const MANAGEMENT_KEY = 'mk-e2e-0123456789';
export const SCIM_KEYS = { T1: 'sk-e2e-t1-abcdef', T2: 'sk-e2e-t2-ghijkl' } as const;
/** Every credential a test hands groupform: none may ever show up in its output. */
export const ALL_SECRETS = [MANAGEMENT_KEY, ...Object.values(SCIM_KEYS)];

export function e2eSeed(): Snapshot {
  return {
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    tenants: {
      T1: {
        scimKey: SCIM_KEYS.T1,
        users: [
          { userId: 'U1', loginId: 'alice@acme.com', display: 'Alice' },
          { userId: 'U2', loginId: 'bob@acme.com', display: 'Bob' },
          { userId: 'U3', loginId: 'carol@acme.com', display: 'Carol' },
          { userId: 'U4', loginId: 'dave@acme.com', display: 'Dave' },
          { userId: 'U5', loginId: 'erin@acme.com', display: 'Erin' },
        ],
        groups: [
          { id: 'g1', display: 'Eng', members: ['U1', 'U4'] },
          { id: 'g2', display: 'Auditors', members: ['U3'] },
          { id: 'g3', display: 'Legacy', members: ['U2'] },
          { id: 'g4', display: 'SSO Admins', members: ['U3'], source: 'jit' },
        ],
      },
      T2: {
        scimKey: SCIM_KEYS.T2,
        users: [
          { userId: 'U6', loginId: 'gina@globex.com', display: 'Gina' },
          { userId: 'U7', loginId: 'hank@globex.com', display: 'Hank' },
        ],
        groups: [{ id: 'h1', display: 'Support', members: ['U6'] }],
      },
    },
  };
}

/**
 * A descope provider file reading everything from the environment (e2eEnv), then `tenantsYaml`. The throttle is
 * lifted: the default paces at Descope's published 100 requests a minute, which would only slow the tests down.
 */
export function descopeConfig(tenantsYaml: string): string {
  return `version: 1
provider:
  type: descope
  projectId: \${DESCOPE_PROJECT_ID}
  managementKey: \${DESCOPE_MANAGEMENT_KEY}
  baseUrl: \${DESCOPE_BASE_URL}
  writeVisibilitySeconds: 0.5
  http:
    maxRequestsPerMinute: 100000
tenants:
${tenantsYaml}`;
}

export const E2E_CONFIG = descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    unmanagedGroups: delete
    groups:
      Auditors: {}
      Engineering:
        previously: [Eng]
        members: [alice@acme.com, bob@acme.com, erin@acme.com]
      Platform:
        externalId: platform
        members:
          - carol@acme.com
          - userId: U1
  T2:
    scimKey: \${T2_SCIM_KEY:-}
    members: additive
    groups:
      Support:
        members: [hank@globex.com]
`);

/** A generic SCIM seed: one tenant whose bearer token is `token`. */
export function scimSeed(tenantId: string, token: string, users: { userId: string; loginId: string }[], groups: { id: string; display: string; members: string[] }[] = []): Snapshot {
  return { tenants: { [tenantId]: { scimKey: token, users, groups } } };
}

/** A scim provider file for `profile`, its base URL and token from SCIM_BASE_URL and SCIM_TOKEN, then `tenantsYaml`. */
export function scimConfig(profile: string, tenantsYaml: string): string {
  return `version: 1
provider:
  type: scim
  baseUrl: \${SCIM_BASE_URL}/{tenantId}/scim/v2
  profile: ${profile}
  token: \${SCIM_TOKEN}
tenants:
${tenantsYaml}`;
}

export function e2eEnv(baseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DESCOPE_PROJECT_ID: PROJECT_ID,
    DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY,
    DESCOPE_BASE_URL: baseUrl,
    T1_SCIM_KEY: SCIM_KEYS.T1,
    T2_SCIM_KEY: SCIM_KEYS.T2,
    ...overrides,
  };
}

/** The tenant's groups as the official Descope SDK reads them: name -> sorted member user ids. */
export async function groupsViaSdk(
  baseUrl: string,
  tenantId: string,
  credentials: { projectId: string; managementKey: string } = { projectId: PROJECT_ID, managementKey: MANAGEMENT_KEY },
): Promise<Record<string, string[]>> {
  const sdk = DescopeClient({ ...credentials, baseUrl });
  const result = await sdk.management.group.loadAllGroups(tenantId);
  if (!result.ok) throw new Error(`loadAllGroups(${tenantId}) failed: ${JSON.stringify(result.error)}`);
  const data = result.data as unknown;
  const groups = (Array.isArray(data) ? data : (data as { groups: unknown[] }).groups) as {
    display: string;
    members?: { userId: string }[];
  }[];
  const byName: Record<string, string[]> = {};
  for (const group of groups) {
    if (byName[group.display] !== undefined) throw new Error(`duplicate group ${group.display} in ${tenantId}`);
    byName[group.display] = (group.members ?? []).map((m) => m.userId).sort();
  }
  return byName;
}

export const CONVERGED = {
  T1: { Auditors: ['U3'], Engineering: ['U1', 'U2', 'U5'], Platform: ['U1', 'U3'], 'SSO Admins': ['U3'] },
  T2: { Support: ['U6', 'U7'] },
};

export function expectNoSecret(text: string): void {
  for (const secret of ALL_SECRETS) {
    if (text.includes(secret)) throw new Error(`a secret leaked into output: ...${secret.slice(-4)}`);
  }
}

/** Runs `cleanup` after the current test, whatever its outcome. */
export function afterThisTest(cleanup: () => Promise<void>): void {
  onTestFinished(cleanup);
}

/** An emulator with `seed` and a temporary directory holding `config` as groupform.yaml, both gone after the test. */
export async function startScenario(
  seed: Snapshot,
  config: string,
  options: EmulatorOptions = {},
): Promise<{ emulator: RunningEmulator; dir: string }> {
  const emulator = await startEmulator({ seed, retryAfterSeconds: 0, ...options });
  afterThisTest(() => emulator.close());
  const { dir, cleanup } = await withFiles({ 'groupform.yaml': config });
  afterThisTest(cleanup);
  return { emulator, dir };
}

/** The CLI in-process; fails the test if any credential shows up in what it printed. */
export async function groupform(args: string[], dir: string, env: Record<string, string>): Promise<InProcessResult> {
  const result = await runMain(args, { cwd: dir, env });
  expectNoSecret(result.stdout + result.stderr);
  return result;
}

/** A SCIM request made behind groupform's back with a tenant's key, as another admin would; its answer's body. */
export async function scimAsAnotherAdmin(emulator: RunningEmulator, scimKey: string, method: 'POST' | 'PATCH', path: string, body: unknown): Promise<unknown> {
  const response = await call(emulator, method, `/scim/v2${path}`, { token: `${PROJECT_ID}:${scimKey}`, body });
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}`);
  return response.body;
}

/** The SCIM writes the emulator saw (route -> count): what apply could have written. */
export function scimWrites(emulator: RunningEmulator): [string, number][] {
  return Object.entries(emulator.stats().routes).filter(([route]) => !route.startsWith('GET') && route.includes('/scim/v2/'));
}

/** One tenant whose group "Everyone" holds 25 users; `keeping(n)` is a config that keeps the first n of them. */
export function everyoneScenario(): { seed: Snapshot; keeping: (count: number) => string } {
  const users = Array.from({ length: 25 }, (_, i) => ({ userId: `U${i}`, loginId: `user${i}@acme.com` }));
  const seed: Snapshot = {
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    tenants: { T1: { scimKey: SCIM_KEYS.T1, users, groups: [{ id: 'g1', display: 'Everyone', members: users.map((u) => u.userId) }] } },
  };
  const keeping = (count: number): string =>
    descopeConfig(`  T1:
    scimKey: \${T1_SCIM_KEY:-}
    groups:
      Everyone:
        members: [${users.slice(0, count).map((u) => u.loginId).join(', ')}]
`);
  return { seed, keeping };
}
