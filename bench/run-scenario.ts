// Runs one scenario: generates it, serves its seed from an in-process emulator with latency, runs each contender
// several times as a child process, and checks every run did the work (plan summary, or state after apply).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorStats, type RunningEmulator } from '../src/emulator/index.js';
import type { Snapshot } from '../src/config/snapshot.js';
import { baseUrlVariable, generateScenario, writeScenario, type ExpectedSummary, type GeneratedScenario } from './generate.js';
import { median, runMeasured, type ChildRun } from './measure.js';
import { contenderArgs, contendersOf, runsOf, type ContenderId, type Scenario } from './scenarios.js';

export interface HarnessOptions {
  latencyMs: number;
  runs: number;
  concurrency: number;
  cliPath: string;
  peerPath: string;
  cwd: string;
  log: (line: string) => void;
}

export interface ContenderResult {
  contender: ContenderId;
  runs: number;
  okRuns: number;
  ms: number;
  requests: number;
  peakRssMiB: number;
  /** CPU the harness process spent meanwhile: the emulator serving the contender (the harness itself waits). */
  emulatorCpuMs: number;
  /** Requests by route, of the last successful run. */
  routes: Record<string, number>;
  /** The first failure (exit code and stderr), or the check that did not hold. */
  error?: string;
}

export interface ScenarioResult {
  scenario: Scenario;
  memberships: number;
  minimalReads: number;
  writeGoal: number;
  lowerBoundMs: number;
  expected: ExpectedSummary;
  contenders: ContenderResult[];
}

interface RunOutcome {
  run: ChildRun;
  stats: EmulatorStats;
  emulatorCpuMs: number;
  problem?: string;
}

function describeFailure(run: ChildRun): string {
  const lines = run.stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const line = lines.find((l) => l.startsWith('groupform:')) ?? lines.at(-1) ?? '(no output)';
  return `exit ${String(run.exitCode)}: ${line.length > 200 ? `${line.slice(0, 200)}...` : line}`;
}

function compareSummary(actual: unknown, expected: ExpectedSummary): string | undefined {
  if (typeof actual !== 'object' || actual === null) return 'no summary in the output';
  const got = actual as Record<string, unknown>;
  const wrong = (Object.keys(expected) as (keyof ExpectedSummary)[]).filter((k) => got[k] !== expected[k]);
  return wrong.length === 0 ? undefined : `summary differs: ${wrong.map((k) => `${k} ${String(got[k])} (expected ${expected[k]})`).join(', ')}`;
}

function checkOutput(contender: ContenderId, run: ChildRun, expected: ExpectedSummary): string | undefined {
  try {
    const output = JSON.parse(run.stdout) as { summary?: unknown };
    return compareSummary(contender.startsWith('sdk-peer') ? output : output.summary, expected);
  } catch {
    return `output is not JSON: ${run.stdout.slice(0, 120)}`;
  }
}

/** After an apply every declared group must exist with exactly its declared members. */
function checkApplied(state: Snapshot, generated: GeneratedScenario): string | undefined {
  const wrong: string[] = [];
  for (const [tenantId, groups] of generated.desired) {
    const live = new Map((state.tenants[tenantId]?.groups ?? []).map((g) => [g.display, g]));
    for (const [name, members] of groups) {
      const group = live.get(name);
      const have = [...(group?.members ?? [])].sort();
      const want = [...members].sort();
      if (group === undefined || have.length !== want.length || have.some((m, i) => m !== want[i])) wrong.push(`${tenantId}/${name}`);
    }
    if (live.size !== groups.size) wrong.push(`${tenantId} has ${live.size} groups, declared ${groups.size}`);
  }
  return wrong.length === 0 ? undefined : `state after apply differs in ${wrong.length} groups, e.g. ${wrong.slice(0, 3).join(', ')}`;
}

async function resetStats(emulator: RunningEmulator): Promise<void> {
  const response = await fetch(`${emulator.url}/_emulator/stats/reset`, { method: 'POST' });
  if (response.status !== 204) throw new Error(`stats reset answered ${response.status}`);
}

function summarize(contender: ContenderId, outcomes: readonly RunOutcome[], runs: number): ContenderResult {
  const ok = outcomes.filter((o) => o.problem === undefined);
  const failed = outcomes.find((o) => o.problem !== undefined);
  return {
    contender,
    runs,
    okRuns: ok.length,
    ms: median(ok.map((o) => o.run.ms)),
    requests: median(ok.map((o) => o.stats.requests)),
    peakRssMiB: median(ok.flatMap((o) => (o.run.peakRssMiB === undefined ? [] : [o.run.peakRssMiB]))),
    emulatorCpuMs: median(ok.map((o) => o.emulatorCpuMs)),
    routes: ok.at(-1)?.stats.routes ?? failed?.stats.routes ?? {},
    ...(failed === undefined ? {} : { error: failed.problem! }),
  };
}

export async function runScenario(scenario: Scenario, options: HarnessOptions): Promise<ScenarioResult> {
  const generated = generateScenario(scenario.spec);
  const dir = await mkdtemp(join(tmpdir(), `groupform-bench-${scenario.id}-`));
  try {
    const files = await writeScenario(dir, generated);
    const args = { ...files, cliPath: options.cliPath, peerPath: options.peerPath, concurrency: options.concurrency };
    const contenders: ContenderResult[] = [];
    for (const contender of contendersOf(scenario)) {
      const outcomes: RunOutcome[] = [];
      // The plan scenarios share one emulator (plans do not write); an apply needs the seed state every run.
      let emulator: RunningEmulator | undefined;
      for (let i = 0; i < runsOf(contender, options.runs); i++) {
        if (emulator === undefined || scenario.kind === 'apply') {
          await emulator?.close();
          emulator = await startEmulator({ ...scenario.emulator, seed: files.seedPath, latencyMs: options.latencyMs });
        }
        await resetStats(emulator);
        const env = { ...generated.env, [baseUrlVariable]: emulator.url, GF_BENCH_CONCURRENCY: String(options.concurrency) };
        const cpuBefore = process.cpuUsage();
        const run = await runMeasured(contenderArgs(scenario.kind, contender, args), env, options.cwd);
        const cpu = process.cpuUsage(cpuBefore);
        const emulatorCpuMs = (cpu.user + cpu.system) / 1000;
        const stats = emulator.stats();
        const problem =
          run.exitCode !== 0
            ? describeFailure(run)
            : scenario.kind === 'apply'
              ? checkApplied(emulator.snapshot(), generated)
              : checkOutput(contender, run, generated.expected);
        outcomes.push({ run, stats, emulatorCpuMs, ...(problem === undefined ? {} : { problem }) });
        options.log(`  ${contender} run ${i + 1}: ${run.ms.toFixed(0)} ms, ${stats.requests} requests, emulator CPU ${emulatorCpuMs.toFixed(0)} ms${problem === undefined ? '' : `, FAILED: ${problem}`}`);
        // A contender that cannot do the scenario fails the same way every time; do not spend the budget on it.
        if (problem !== undefined && run.exitCode !== 0) break;
      }
      await emulator?.close();
      contenders.push(summarize(contender, outcomes, runsOf(contender, options.runs)));
    }
    const boundRequests = generated.minimalReads + (scenario.kind === 'apply' ? generated.writeGoal : 0);
    return {
      scenario,
      memberships: generated.memberships,
      minimalReads: generated.minimalReads,
      writeGoal: generated.writeGoal,
      lowerBoundMs: (boundRequests * options.latencyMs) / options.concurrency,
      expected: generated.expected,
      contenders,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
