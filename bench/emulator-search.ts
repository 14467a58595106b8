// Measures the emulator's Descope read cost (RESULTS.md finding 4): median ms per user/search and per group/all,
// one request in flight, in the benchmark's own scenarios (bench/generate.ts), and the emulator's own share of a
// group/all (handler and JSON encoding, called in-process, no HTTP). The digest of every answer is printed too,
// so two builds can be shown to answer byte for byte the same.
// Run: npx tsc -p tsconfig.build.json && node dist/bench/emulator-search.js [--rounds 40]
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { descopeManagementRoutes } from '../src/emulator/descope/mgmt.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { resolveEmulatorOptions } from '../src/emulator/options.js';
import { EmulatorState } from '../src/emulator/state.js';
import { benchManagementKey, benchProjectId, generateScenario, type ScenarioSpec } from './generate.js';
import { median } from './measure.js';

interface Probe {
  title: string;
  path: string;
  /** One body per round, cycled. */
  bodies: unknown[];
  rounds: number;
}

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Batches of 100 login ids of tenant `t`, spread over its users the way a plan's declared members are. */
function loginIdBatches(t: number, users: number, batches: number): string[][] {
  return Array.from({ length: batches }, (_, b) =>
    Array.from({ length: 100 }, (_, i) => `user${(b * 7919 + i * 37) % users}@t${t}.bench.test`),
  );
}

async function runProbe(emulator: RunningEmulator, dispatcher: Agent, probe: Probe): Promise<void> {
  const times: number[] = [];
  const digest = createHash('sha256');
  let bytes = 0;
  for (let round = 0; round < probe.rounds; round++) {
    const body = JSON.stringify(probe.bodies[round % probe.bodies.length]);
    const started = performance.now();
    const response = await request(`${emulator.url}${probe.path}`, {
      method: 'POST',
      dispatcher,
      headers: { authorization: `Bearer ${benchProjectId}:${benchManagementKey}`, 'content-type': 'application/json' },
      body,
    });
    const answer = Buffer.from(await response.body.arrayBuffer());
    times.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(`${probe.title}: status ${response.statusCode}: ${answer.toString('utf8', 0, 300)}`);
    if (round < probe.bodies.length) {
      digest.update(answer);
      bytes = answer.length;
    }
  }
  const sha = digest.digest('hex').slice(0, 16);
  console.log(`${probe.title}: median ${median(times).toFixed(2)} ms over ${probe.rounds} (last answer ${bytes} bytes, digest ${sha})`);
}

/** The emulator's CPU for one group/all: the route handler plus encoding its answer, as server.ts sends it. */
function measureGroupAllHandler(spec: ScenarioSpec, rounds: number): void {
  const { seed } = generateScenario(spec);
  const state = new EmulatorState(seed);
  const route = descopeManagementRoutes({ state, options: resolveEmulatorOptions({}) }).find((r) => r.pattern === '/v1/mgmt/group/all')!;
  const body = Buffer.from(JSON.stringify({ tenantId: Object.keys(seed.tenants)[0] }));
  const headers = { authorization: `Bearer ${benchProjectId}:${benchManagementKey}` };
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const response = route.handler({ method: 'POST', params: {}, query: new URLSearchParams(), headers, body, origin: 'http://127.0.0.1' });
    const payload = response.json ?? Buffer.from(JSON.stringify(response.body));
    times.push(performance.now() - started);
    if (payload.length === 0) throw new Error('empty group/all');
  }
  console.log(`  group/all in-process (handler + encoding): median ${median(times).toFixed(2)} ms over ${rounds}`);
}

async function measure(title: string, spec: ScenarioSpec, probes: (tenantIds: string[]) => Probe[]): Promise<void> {
  const { seed } = generateScenario(spec);
  const started = performance.now();
  const emulator = await startEmulator({ seed });
  console.log(`${title}: emulator started in ${(performance.now() - started).toFixed(0)} ms`);
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 10_000 });
  try {
    for (const probe of probes(Object.keys(seed.tenants))) await runProbe(emulator, dispatcher, probe);
  } finally {
    await dispatcher.close();
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const rounds = flag('rounds', 40);
  const search = '/v2/mgmt/user/search';
  const big: ScenarioSpec = { tenants: 1, groups: 5000, members: 50, users: 5000, drift: 0, seed: 2 };
  await measure('big tenant (1 x 5,000 users, 5,000 groups x 50)', big, ([t]) => [
    {
      title: '  user/search tenantIds + 100 loginIds',
      path: search,
      bodies: loginIdBatches(0, 5000, 10).map((loginIds) => ({ tenantIds: [t], loginIds, page: 0, limit: 100 })),
      rounds,
    },
    {
      title: '  user/search tenantIds only, page 20 of 100',
      path: search,
      bodies: [{ tenantIds: [t], page: 20, limit: 100 }],
      rounds,
    },
    { title: '  group/all', path: '/v1/mgmt/group/all', bodies: [{ tenantId: t }], rounds: Math.max(5, Math.ceil(rounds / 4)) },
  ]);
  measureGroupAllHandler(big, Math.max(5, Math.ceil(rounds / 4)));
  await measure('200 tenants x 100 users (20,000 project users)', { tenants: 200, groups: 20, members: 20, users: 100, drift: 0, seed: 1 }, (tenants) => [
    {
      title: '  user/search tenantIds + 100 loginIds',
      path: search,
      bodies: tenants.slice(0, 10).map((t, i) => ({ tenantIds: [t], loginIds: loginIdBatches(i, 100, 1)[0], page: 0, limit: 100 })),
      rounds,
    },
  ]);
}

await main();
