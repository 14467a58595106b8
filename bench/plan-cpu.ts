// Measures the pure planning step (resolveMembers + computePlan) on in-memory state, and the process's peak RSS.
// Run: npx tsc -p tsconfig.build.json && node dist/bench/plan-cpu.js [--runs 5] [--scenario 0|1 (one, in this process, as JSON)]
import { performance } from 'node:perf_hooks';
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { DesiredTenant, LiveGroup, LiveTenant, LiveUser, ProviderIdentity } from '../src/model/types.js';
import { computePlan } from '../src/plan/compute.js';
import { resolveMembers } from '../src/plan/resolve.js';
import { median } from './measure.js';

export interface PlanCpuResult {
  name: string;
  ms: number;
  peakRssMiB: number;
}

interface Scenario {
  name: string;
  tenants: { desired: DesiredTenant; live: LiveTenant }[];
}

const identity: ProviderIdentity = { type: 'descope', baseUrl: 'https://api.descope.com', projectId: 'P2bench' };
const at = { file: 'bench.yaml', line: 1, column: 1 };
const execFileAsync = promisify(execFile);

/**
 * One tenant with `groups` groups of `members` members on both sides. About `driftPercent`% of each group's
 * declared members differ from the live ones (half of them to add, half to remove), and every 50th group is renamed.
 */
function buildTenant(tenantId: string, groups: number, members: number, driftPercent: number): Scenario['tenants'][number] {
  const userCount = members * 4;
  const users: LiveUser[] = Array.from({ length: userCount }, (_, u) => ({ userId: `${tenantId}-U${u}`, loginIds: [`user${u}@${tenantId.toLowerCase()}.example.com`] }));
  const drift = Math.round((members * driftPercent) / 200);
  const liveGroups: LiveGroup[] = [];
  const desiredGroups: DesiredTenant['groups'] = [];
  for (let g = 0; g < groups; g++) {
    const first = (g * 37) % (userCount - members - drift);
    const live = users.slice(first, first + members);
    const declared = users.slice(first + drift, first + members + drift);
    const name = `Group ${String(g).padStart(5, '0')}`;
    liveGroups.push({
      id: `${tenantId}-g${g}`,
      name: g % 50 === 0 ? `Old ${name}` : name,
      members: live.map((u) => ({ userId: u.userId, loginId: u.loginIds[0]! })),
    });
    desiredGroups.push({
      name,
      previously: g % 50 === 0 ? [`Old ${name}`] : [],
      members: declared.map((u, i) => (i % 10 === 0 ? { userId: u.userId, at } : { loginId: u.loginIds[0]!.toUpperCase(), at })),
      membersMode: 'authoritative',
      at,
    });
  }
  return {
    desired: { tenantId, groups: desiredGroups, unmanagedGroups: 'ignore', safety: { maxRemovalPercent: 25, maxGroupDeletePercent: 25 }, at },
    live: { tenantId, groups: liveGroups, users },
  };
}

// Built one at a time, each in its own process, so one scenario's peak RSS is not the other's leftovers.
const SCENARIOS: { name: string; build: () => Scenario['tenants'] }[] = [
  { name: 'plan: 1 tenant x 1,000 groups x 1,000 members, 10% drift', build: () => [buildTenant('T0000', 1000, 1000, 10)] },
  {
    name: 'plan: 100 tenants x 100 groups x 100 members (1,000,000 memberships), 10% drift',
    build: () => Array.from({ length: 100 }, (_, t) => buildTenant(`T${String(t).padStart(4, '0')}`, 100, 100, 10)),
  },
];

function planOnce(scenario: Scenario): number {
  const started = performance.now();
  const tenants = scenario.tenants.map(({ desired, live }) => {
    const resolved = resolveMembers(desired, live);
    if (resolved.diagnostics.length > 0) throw new Error(`bench input is invalid: ${resolved.diagnostics[0]!.message}`);
    return { desired: resolved.tenant, live };
  });
  const { plan, diagnostics } = computePlan({ tenants, provider: identity, configDigest: `sha256:${'0'.repeat(64)}`, now: Date.UTC(2026, 11, 7) });
  const elapsed = performance.now() - started;
  if (diagnostics.length > 0 || plan.summary.membersToAdd === 0) throw new Error('bench plan is not what was built');
  return elapsed;
}

// maxRSS is in KiB and covers the whole process, so it includes building the inputs: an upper bound for planning.
function measureScenario(index: number, runs: number): PlanCpuResult {
  const { name, build } = SCENARIOS[index]!;
  const scenario: Scenario = { name, tenants: build() };
  planOnce(scenario); // warm-up: JIT and first-touch allocations
  const times = Array.from({ length: runs }, () => planOnce(scenario));
  return { name, ms: Math.round(median(times)), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

export async function runPlanCpuBench(runs = 5): Promise<PlanCpuResult[]> {
  const script = fileURLToPath(import.meta.url);
  const results: PlanCpuResult[] = [];
  for (let index = 0; index < SCENARIOS.length; index++) {
    const { stdout } = await execFileAsync(process.execPath, [script, '--scenario', String(index), '--runs', String(runs)], { maxBuffer: 1 << 20 });
    results.push(JSON.parse(stdout) as PlanCpuResult);
  }
  return results;
}

function numberFlag(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Math.max(1, numberFlag('runs') ?? 5);
  const scenario = numberFlag('scenario');
  if (scenario !== undefined) {
    process.stdout.write(`${JSON.stringify(measureScenario(scenario, runs))}\n`);
  } else {
    for (const r of await runPlanCpuBench(runs)) console.log(`${r.name}: median ${r.ms} ms, peak RSS ${r.peakRssMiB} MiB`);
  }
}
