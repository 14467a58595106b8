import type { Snapshot } from '../../../src/config/snapshot.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator/index.js';

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** 150 users in tenant BIG, for the 100-member caps. */
export function bigUsers(count = 150): { userId: string; loginId: string }[] {
  return Array.from({ length: count }, (_, i) => ({ userId: `UB${String(i).padStart(3, '0')}`, loginId: `user${i}@big.test` }));
}

export function testSeed(): Snapshot {
  return {
    projectId: 'P2test',
    managementKey: 'mk-test',
    tenants: {
      T1: {
        scimKey: 'sk-t1',
        users: [
          { userId: 'U1', loginId: 'alice@acme.com', display: 'Alice', email: 'alice@acme.com' },
          { userId: 'U2', loginId: 'bob@acme.com', display: 'Bob' },
          { userId: 'U3', loginId: 'carol@acme.com', display: 'Carol' },
          { userId: 'U\\4', loginId: 'dan@acme.com', display: 'Dan' },
        ],
        groups: [
          { id: 'g1', display: 'Engineering', members: ['U1', 'U2'] },
          { id: 'g2', display: 'SSO Admins', members: [], source: 'jit' },
          { id: 'g3', display: 'Sales', externalId: 'sales', members: ['U3'] },
        ],
      },
      T2: {
        scimKey: 'sk-t2',
        users: [
          { userId: 'U1', loginId: 'alice@acme.com', display: 'Alice' },
          { userId: 'U5', loginId: 'eve@beta.com', display: 'Eve' },
        ],
        groups: [{ id: 'h1', display: 'Beta Team', members: ['U5', 'U1'] }],
      },
      BIG: {
        scimKey: 'sk-big',
        users: bigUsers(),
        groups: [{ id: 'b1', display: 'Everyone', members: bigUsers().slice(0, 120).map((u) => u.userId) }],
      },
    },
  };
}

export async function withEmulator<T>(options: EmulatorOptions, run: (emulator: RunningEmulator) => Promise<T>): Promise<T> {
  const emulator = await startEmulator({ seed: testSeed(), ...options });
  try {
    return await run(emulator);
  } finally {
    await emulator.close();
  }
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
  emulator: { url: string },
  method: string,
  path: string,
  options: { token?: string; body?: unknown; query?: Record<string, string | number> } = {},
): Promise<JsonResponse> {
  const url = new URL(path, emulator.url);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

export function patchOps(...operations: unknown[]): unknown {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

export function eqFilter(attribute: string, value: string): string {
  return `${attribute} eq ${JSON.stringify(value)}`;
}
