import type { Snapshot } from '../../../src/config/snapshot.js';
import type { EmulatorOptions, RunningEmulator } from '../../../src/emulator/index.js';
import { Secret } from '../../../src/model/secret.js';
import type { DescopeProviderConfig, DesiredGroup, DesiredTenant } from '../../../src/model/types.js';
import type { ProviderContext } from '../../../src/providers/context.js';
import { createDescopeProvider } from '../../../src/providers/descope/provider.js';
import { RequestLimiter } from '../../../src/http/index.js';
import type { Provider } from '../../../src/providers/provider.js';
import { bigUsers, withEmulator as withSeededEmulator } from '../emulator/helpers.js';
import { groupsViaSdk as sdkGroups } from '../e2e/fixtures.js';

export const PROJECT_ID = 'P2test';
export const MANAGEMENT_KEY = 'mk-test-secret';
export const SCIM_KEYS: Record<string, string> = { T1: 'sk-t1-secret', T2: 'sk-t2-secret', BIG: 'sk-big-secret' };

const at = { file: 'tenants.yaml', line: 3, column: 3 };

export { bigUsers };

export function seed(): Snapshot {
  return {
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    tenants: {
      T1: {
        scimKey: SCIM_KEYS.T1!,
        users: [
          { userId: 'U1', loginId: 'alice@acme.com', display: 'Alice', email: 'alice@acme.com' },
          { userId: 'U2', loginId: 'bob@acme.com', display: 'Bob' },
          { userId: 'U3', loginId: 'carol@acme.com', display: 'Carol' },
          { userId: 'U\\4', loginId: 'dan@acme.com', display: 'Dan' },
          { userId: 'U5', loginIds: ['erin@acme.com', 'erin2@acme.com'], display: 'Erin' },
        ],
        groups: [
          { id: 'g1', display: 'Engineering', members: ['U1', 'U2'] },
          { id: 'g2', display: 'SSO Admins', members: ['U3'], source: 'jit' },
          { id: 'g3', display: 'Sales', externalId: 'sales', members: ['U3'] },
        ],
      },
      T2: {
        scimKey: SCIM_KEYS.T2!,
        users: [
          { userId: 'U1', loginId: 'alice@acme.com', display: 'Alice' },
          { userId: 'U6', loginId: 'frank@beta.com', display: 'Frank' },
        ],
        groups: [{ id: 'h1', display: 'Beta Team', members: ['U6', 'U1'] }],
      },
      BIG: {
        scimKey: SCIM_KEYS.BIG!,
        users: bigUsers(400),
        groups: [{ id: 'b1', display: 'Everyone', members: bigUsers(150).map((u) => u.userId) }],
      },
    },
  };
}

/** Two tenants with users and no groups yet, each with its own SCIM key (sk-new1-secret, sk-new2-secret). */
export function emptyTenants(): Snapshot {
  const users = [{ userId: 'U1', loginId: 'alice@acme.com' }, { userId: 'U2', loginId: 'bob@acme.com' }];
  return {
    projectId: PROJECT_ID,
    managementKey: MANAGEMENT_KEY,
    tenants: { NEW1: { scimKey: 'sk-new1-secret', users, groups: [] }, NEW2: { scimKey: 'sk-new2-secret', users, groups: [] } },
  };
}

export type MemberSpec = string | { userId: string };

/** A desired tenant; groups map a name to its members (undefined: membership not managed). */
export function desiredTenant(
  tenantId: string,
  groups: Record<string, MemberSpec[] | undefined> = {},
  options: { scimKey?: string | null | undefined; externalIds?: Record<string, string> } = {},
): DesiredTenant {
  const key = options.scimKey === undefined ? SCIM_KEYS[tenantId] : options.scimKey;
  const desiredGroups: DesiredGroup[] = Object.entries(groups).map(([name, members]) => ({
    name,
    previously: [],
    membersMode: 'authoritative',
    at,
    ...(options.externalIds?.[name] === undefined ? {} : { externalId: options.externalIds[name] }),
    ...(members === undefined ? {} : { members: members.map((m) => (typeof m === 'string' ? { loginId: m, at } : { userId: m.userId, at })) }),
  }));
  return {
    tenantId,
    groups: desiredGroups,
    unmanagedGroups: 'ignore',
    safety: { maxRemovalPercent: 100, maxGroupDeletePercent: 100 },
    ...(key === undefined || key === null ? {} : { credential: new Secret(key, `\${SCIM_KEY_${tenantId}}`) }),
    at,
  };
}

/** Overrides over the test config; an undefined value removes the key (e.g. no management key). */
type ConfigOverrides = { [K in keyof DescopeProviderConfig]?: DescopeProviderConfig[K] | undefined };

export function providerConfig(baseUrl: string, overrides: ConfigOverrides = {}): DescopeProviderConfig {
  const config: DescopeProviderConfig = {
    type: 'descope',
    projectId: PROJECT_ID,
    managementKey: new Secret(MANAGEMENT_KEY, '${DESCOPE_MANAGEMENT_KEY}'),
    baseUrl,
    writeMode: 'patch',
    // Long enough for loopback; a wrong key is refused only after it, so the default 15 s would slow every such test.
    writeVisibilitySeconds: 0.5,
    http: {},
  };
  return { ...config, ...overrides } as DescopeProviderConfig;
}

/** Tiny retry delays and no throttle: the emulator has no rate limit, and tests must stay fast. */
export function testContext(concurrency = 4): ProviderContext {
  return { limiter: new RequestLimiter(concurrency), retry: { baseDelayMs: 1, maxDelayMs: 5 }, throttle: false };
}

export async function withProvider<T>(
  emulator: { url: string },
  tenants: DesiredTenant[],
  run: (provider: Provider) => Promise<T>,
  overrides: ConfigOverrides = {},
  concurrency?: number,
): Promise<T> {
  const provider = createDescopeProvider(providerConfig(emulator.url, overrides), tenants, testContext(concurrency));
  try {
    return await run(provider);
  } finally {
    await provider.close();
  }
}

/** The emulator on this file's seed (or the options' own). */
export function withEmulator<T>(options: EmulatorOptions, run: (emulator: RunningEmulator) => Promise<T>): Promise<T> {
  return withSeededEmulator({ seed: seed(), ...options }, run);
}

/** The tenant's groups as the official Descope SDK reads them (name -> sorted member user ids); throws on a duplicate name. */
export const groupsViaSdk = (baseUrl: string, tenantId: string): Promise<Record<string, string[]>> =>
  sdkGroups(baseUrl, tenantId, { projectId: PROJECT_ID, managementKey: MANAGEMENT_KEY });

/** Requests per SCIM route: the writes, without the SDK's reads that check them. */
export function scimCounts(emulator: RunningEmulator): Record<string, number> {
  return Object.fromEntries(Object.entries(emulator.stats().routes).filter(([route]) => route.includes(' /scim/')));
}
