// Renders the benchmark results as Markdown (printed, and written to bench/RESULTS.md with --results).
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import type { PlanCpuResult } from './plan-cpu.js';
import type { ContenderResult, ScenarioResult } from './run-scenario.js';
import { contenderTitles } from './scenarios.js';

export interface BenchReport {
  command: string;
  startLoad: string;
  latencyMs: number;
  concurrency: number;
  runs: number;
  startup?: ContenderResult;
  scenarios: ScenarioResult[];
  /** A reason instead when bench/plan-cpu.ts could not run. */
  cpu: PlanCpuResult[] | string;
  emulatorLoad: string[] | string;
  totalSeconds: number;
}

const planRatioGoal = 1.3;
const sdkSpeedupGoal = 5;
const cpuMsGoal = 2000;
const cpuRssMiBGoal = 1024;

function fixed(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

function met(ok: boolean): string {
  return ok ? 'met' : '**NOT met**';
}

export function machineLine(): string {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown CPU';
  return `${availableParallelism()} cores (nproc), ${model}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, node ${process.version}, ${process.platform}`;
}

/** Other work on the machine skews medians; the 1-minute load average when the run started says how much. */
export function loadLine(): string {
  return `load average ${loadavg()[0]?.toFixed(2) ?? '?'} when the run started`;
}

/** Provider reads (management API) and writes (SCIM other than GET) of a run's routes. */
export function splitRoutes(routes: Record<string, number>): { reads: number; writes: number; scimReads: number } {
  let reads = 0;
  let writes = 0;
  let scimReads = 0;
  for (const [route, count] of Object.entries(routes)) {
    if (route.includes('/mgmt/')) reads += count;
    else if (route.startsWith('GET ')) scimReads += count;
    else writes += count;
  }
  return { reads, writes, scimReads };
}

function contenderRow(title: string, c: ContenderResult | undefined, runs: number): string {
  if (c === undefined) return `| ${title} | - | - | - | - | - |`;
  const note = c.error === undefined ? `${c.okRuns}/${runs}` : `${c.okRuns}/${runs}; ${c.error.replaceAll('|', '\\|')}`;
  return `| ${title} | ${fixed(c.ms)} | ${fixed(c.requests)} | ${fixed(c.peakRssMiB, 1)} | ${fixed(c.emulatorCpuMs)} | ${note} |`;
}

function find(result: ScenarioResult, id: ContenderResult['contender']): ContenderResult | undefined {
  return result.contenders.find((c) => c.contender === id);
}

function scenarioSection(result: ScenarioResult, report: BenchReport): string[] {
  const s = result.scenario;
  const lines = [
    `### ${s.title}`,
    '',
    `${result.memberships.toLocaleString('en')} declared memberships; expected plan: ${result.expected.groupsToCreate} to create, ` +
      `${result.expected.groupsToUpdate} to update, ${result.expected.groupsToDelete} to delete; ` +
      `${result.expected.membersToAdd} members to add, ${result.expected.membersToRemove} to remove.`,
    '',
    '| contender | wall ms | requests | peak RSS MiB | emulator CPU ms | runs ok; note |',
    '|---|---:|---:|---:|---:|---|',
    ...result.contenders.map((c) => contenderRow(contenderTitles[c.contender], c, report.runs)),
    `| lower bound: ${s.kind === 'apply' ? `(${result.minimalReads} reads + ${result.writeGoal} writes)` : `${result.minimalReads} minimal requests`} x ${report.latencyMs} ms / ${report.concurrency} | ${fixed(result.lowerBoundMs)} | ${s.kind === 'apply' ? result.minimalReads + result.writeGoal : result.minimalReads} | | | |`,
    '',
  ];
  const gf = find(result, 'groupform');
  if (gf === undefined || gf.okRuns === 0) {
    lines.push(`Goals: cannot be judged, groupform did not complete (${gf?.error ?? 'not run'}).`, '');
    return lines;
  }
  const ratio = gf.ms / result.lowerBoundMs;
  const { reads, writes, scimReads } = splitRoutes(gf.routes);
  if (s.kind === 'plan') {
    const sdk = find(result, 'sdk-peer');
    const offline = find(result, 'groupform-offline');
    const network = offline !== undefined && offline.okRuns > 0 ? gf.ms - offline.ms : Number.NaN;
    const speedup = sdk !== undefined && sdk.okRuns > 0 ? sdk.ms / gf.ms : Number.NaN;
    lines.push(
      `- groupform / lower bound: ${fixed(ratio, 2)}x (goal <= ${planRatioGoal}x): ${met(ratio <= planRatioGoal)}; ` +
        `the emulator itself spent ${fixed(gf.emulatorCpuMs)} ms of CPU serving the run, on one thread`,
      `- SDK script / groupform: ${fixed(speedup, 2)}x (goal >= ${sdkSpeedupGoal}x at concurrency ${report.concurrency}): ${met(speedup >= sdkSpeedupGoal)}`,
      // The issue's minimum counts a search for every declared login id; groupform skips those group/all already
      // shows as members, so fewer is better, never worse.
      `- requests: ${fixed(gf.requests)} vs the minimum ${result.minimalReads} (one group load per tenant + ceil(login ids / 100) searches): ${met(gf.requests <= result.minimalReads)}` +
        (gf.requests < result.minimalReads ? '; fewer, because login ids group/all already shows as members need no search' : ''),
      `- time spent on the provider (groupform - groupform --live-state): ${fixed(network)} ms, ${fixed(network / result.lowerBoundMs, 2)}x the lower bound`,
    );
  } else {
    lines.push(
      `- groupform / lower bound: ${fixed(ratio, 2)}x`,
      `- writes: ${writes} vs goal ${result.writeGoal} (one request per changed group per 100 member changes): ${met(writes <= result.writeGoal)}`,
      `- reads: ${reads} management + ${scimReads} SCIM GET vs minimal ${result.minimalReads}: ${met(reads + scimReads <= result.minimalReads)}` +
        (scimReads > 0 ? ' (the SCIM GET per tenant checks the SCIM key belongs to that tenant before its first write)' : ''),
    );
  }
  const routes = Object.entries(gf.routes).map(([route, count]) => `\`${route}\` ${count}`);
  lines.push(`- groupform requests by route (last run): ${routes.join(', ') || 'none'}`, '');
  return lines;
}

function cpuSection(cpu: BenchReport['cpu']): string[] {
  const lines = ['## Pure-CPU plan (bench/plan-cpu.ts)', ''];
  if (typeof cpu === 'string') return [...lines, `Not measured: ${cpu}`, ''];
  lines.push('| step | ms | peak RSS MiB |', '|---|---:|---:|', ...cpu.map((c) => `| ${c.name} | ${fixed(c.ms)} | ${fixed(c.peakRssMiB, 1)} |`), '');
  const worstMs = Math.max(...cpu.map((c) => c.ms));
  const worstRss = Math.max(...cpu.map((c) => c.peakRssMiB));
  lines.push(
    `- slowest step ${fixed(worstMs)} ms (goal < ${cpuMsGoal} ms): ${met(worstMs < cpuMsGoal)}`,
    `- peak RSS ${fixed(worstRss, 1)} MiB (goal < ${cpuRssMiBGoal} MiB): ${met(worstRss < cpuRssMiBGoal)}`,
    '',
  );
  return lines;
}

export function renderReport(report: BenchReport): string {
  const lines = [
    '# groupform benchmarks',
    '',
    `Machine: ${machineLine()}; ${report.startLoad}.`,
    `Command: \`${report.command}\` (emulator latency ${report.latencyMs} ms per request, groupform --concurrency ${report.concurrency}, ` +
      `${report.runs} runs per contender, medians shown; the whole run took ${fixed(report.totalSeconds)} s).`,
    '',
    'Every contender runs as its own child process against the emulator running in the harness process; wall time is',
    'spawn to exit (process start included), requests are counted by the emulator, peak RSS is the child\'s own maxRSS,',
    'emulator CPU is what the harness process (where only the emulator works meanwhile) spent during the run.',
    'Each run is checked: the plan summary (or the SDK script\'s counts) must equal what the generator drifted, and the',
    'state after an apply must equal the config. The SDK script makes the minimal requests (+ the SDK\'s license call), one at a time.',
    '',
    '## Against the emulator',
    '',
  ];
  if (report.startup !== undefined) {
    lines.push(`Process start alone (\`node -e 0\`): ${fixed(report.startup.ms)} ms, ${fixed(report.startup.peakRssMiB, 1)} MiB.`, '');
  }
  for (const result of report.scenarios) lines.push(...scenarioSection(result, report));
  lines.push(...cpuSection(report.cpu));
  lines.push('## Emulator throughput (bench/emulator-load.ts)', '');
  if (typeof report.emulatorLoad === 'string') lines.push(`Not measured: ${report.emulatorLoad}`, '');
  else lines.push(...report.emulatorLoad.map((l) => `- ${l}`), '');
  return `${lines.join('\n')}\n`;
}
