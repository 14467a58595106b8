// `npm run bench`: plan and apply against the in-process emulator with latency, the official-SDK peer, the
// lower bound, the pure-CPU plan and emulator throughput. Prints Markdown; `--results FILE` also writes it.
// Flags: --latency MS (20) --runs N (5) --concurrency N (8) --only ID,ID --results FILE --skip-cpu --skip-emulator-load
//   --skip-rate-limit (the 2,000-tenant plan against 500/60 s per route, ~4 minutes in real time)
//   --skip-cli-floor --cli-runs N (3) --skip-expansion (sets and templates, 2,000,000 memberships; also its runs)
import { readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, runMeasured, type ChildRun } from './measure.js';
import { runCliFloorBench } from './cli-floor.js';
import { runExpansionBench } from './expansion.js';
import { runPlanCpuBench, type PlanCpuResult } from './plan-cpu.js';
import { runRateLimitBench } from './rate-limit.js';
import { loadLine, renderReport, type BenchReport } from './report.js';
import { runScenario, type ContenderResult, type HarnessOptions } from './run-scenario.js';
import { scenarios } from './scenarios.js';

function wholeNumber(value: string | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, not ${value}`);
  return n;
}

const { values } = parseArgs({
  options: {
    latency: { type: 'string' },
    runs: { type: 'string' },
    concurrency: { type: 'string' },
    only: { type: 'string' },
    results: { type: 'string' },
    'skip-cpu': { type: 'boolean' },
    'skip-emulator-load': { type: 'boolean' },
    'skip-rate-limit': { type: 'boolean' },
    'skip-cli-floor': { type: 'boolean' },
    'skip-expansion': { type: 'boolean' },
    'cli-runs': { type: 'string' },
  },
});
const fromHere = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const harness: HarnessOptions = {
  latencyMs: wholeNumber(values.latency, 20, 'latency', 0),
  runs: wholeNumber(values.runs, 5, 'runs', 1),
  concurrency: wholeNumber(values.concurrency, 8, 'concurrency', 1),
  cliPath: fromHere('../src/cli/main.js'),
  peerPath: fromHere('./sdk-peer.js'),
  cwd: fromHere('../../'),
  log,
};
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((id) => !scenarios.some((s) => s.id === id)) ?? [];
if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.id).join(', ')}`);

async function measureStartup(): Promise<ContenderResult> {
  const runs: ChildRun[] = [];
  for (let i = 0; i < harness.runs; i++) runs.push(await runMeasured(['-e', '0'], {}, harness.cwd));
  const peakRssMiB = median(runs.flatMap((r) => (r.peakRssMiB === undefined ? [] : [r.peakRssMiB])));
  return { contender: 'node-startup', runs: runs.length, okRuns: runs.length, ms: median(runs.map((r) => r.ms)), requests: 0, peakRssMiB, emulatorCpuMs: 0, routes: {} };
}

async function measureCpu(): Promise<PlanCpuResult[] | string> {
  try {
    // runPlanCpuBench runs each step in its own child, so its peak RSS is not the emulator's.
    return await runPlanCpuBench();
  } catch (error) {
    return `bench/plan-cpu.ts failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

async function measureEmulatorLoad(): Promise<string[] | string> {
  const run = await runMeasured([fromHere('./emulator-load.js'), '--seconds', '2'], {}, harness.cwd);
  if (run.exitCode !== 0) return `bench/emulator-load.ts failed (exit ${String(run.exitCode)}): ${run.stderr.trim().split('\n').at(-1) ?? ''}`;
  return run.stdout.trim().split('\n');
}

const findingsHeading = '## Findings';

/** Rewrites the measured part of FILE and keeps its hand-written findings (from `## Findings` on). */
async function writeResults(file: string, markdown: string): Promise<void> {
  const previous = await readFile(file, 'utf8').catch(() => '');
  const at = previous.indexOf(`\n${findingsHeading}\n`);
  await writeFile(file, at < 0 ? markdown : `${markdown}${previous.slice(at + 1)}`);
}

const started = performance.now();
const argv = process.argv.slice(2);
const report: BenchReport = {
  startLoad: loadLine(),
  command: `npm run bench${argv.length === 0 ? '' : ` -- ${argv.join(' ')}`}`,
  latencyMs: harness.latencyMs,
  concurrency: harness.concurrency,
  runs: harness.runs,
  scenarios: [],
  cpu: 'skipped (--skip-cpu)',
  rateLimit: 'skipped (--skip-rate-limit)',
  cliFloor: 'skipped (--skip-cli-floor)',
  expansion: 'skipped (--skip-expansion)',
  emulatorLoad: 'skipped (--skip-emulator-load)',
  totalSeconds: 0,
};
log('process start baseline');
report.startup = await measureStartup();
for (const scenario of scenarios) {
  if (only !== undefined && !only.includes(scenario.id)) continue;
  log(`scenario ${scenario.id}: ${scenario.title}`);
  report.scenarios.push(await runScenario(scenario, harness));
}
if (values['skip-rate-limit'] !== true) {
  const fleet = scenarios.find((s) => s.id === 'fleet')!;
  log(`rate-limited plan: ${fleet.spec.tenants} tenants against 500 requests / 60 s per route (real time, one run)`);
  report.rateLimit = await runRateLimitBench(fleet, { cliPath: harness.cliPath, cwd: harness.cwd, latencyMs: harness.latencyMs }).catch(
    (error: unknown): string => `bench/rate-limit.ts failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}
if (values['skip-cli-floor'] !== true) {
  log('CPU floor through the CLI at 1,000,000 memberships (bench/cli-floor.ts)');
  const cliRuns = wholeNumber(values['cli-runs'], 3, 'cli-runs', 1);
  report.cliFloor = await runCliFloorBench({ cliPath: harness.cliPath, cwd: harness.cwd, runs: cliRuns, log }).catch(
    (error: unknown): string => `bench/cli-floor.ts failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}
if (values['skip-expansion'] !== true) {
  log('sets and templates through the CLI at 2,000,000 memberships (bench/expansion.ts)');
  report.expansion = await runExpansionBench({ cliPath: harness.cliPath, cwd: harness.cwd, runs: wholeNumber(values['cli-runs'], 3, 'cli-runs', 1), log }).catch(
    (error: unknown): string => `bench/expansion.ts failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}
if (values['skip-cpu'] !== true) {
  log('pure-CPU plan (bench/plan-cpu.ts)');
  report.cpu = await measureCpu();
}
if (values['skip-emulator-load'] !== true) {
  log('emulator throughput (bench/emulator-load.ts)');
  report.emulatorLoad = await measureEmulatorLoad();
}
report.totalSeconds = (performance.now() - started) / 1000;
const markdown = renderReport(report);
process.stdout.write(markdown);
if (values.results !== undefined) await writeResults(values.results, markdown);
