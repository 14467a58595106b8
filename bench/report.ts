// Renders the benchmark results as Markdown (printed, and written to bench/RESULTS.md with --results).
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { cliFloorRssGoalMiB, type CliFloorStep } from './cli-floor.js';
import { expansionRssGoalMiB } from './expansion.js';
import type { PlanCpuResult } from './plan-cpu.js';
import type { RateLimitResult } from './rate-limit.js';
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
  /** A reason instead when skipped or failed. */
  rateLimit: RateLimitResult | string;
  cliFloor: CliFloorStep[] | string;
  expansion: CliFloorStep[] | string;
  emulatorLoad: string[] | string;
  totalSeconds: number;
}

const planRatioGoal = 1.3;
// The lower-bound goal holds where the network is the work: many small tenants, and a tenant read group by group.
const boundGoalScenarios: ReadonlySet<string> = new Set(['fleet', 'members-omitted']);
const planSpeedupGoal = 3;
const applySpeedupGoal = 2;
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

function contenderRow(title: string, c: ContenderResult | undefined): string {
  if (c === undefined) return `| ${title} | - | - | - | - | - |`;
  const note = c.error === undefined ? `${c.okRuns}/${c.runs}` : `${c.okRuns}/${c.runs}; ${c.error.replaceAll('|', '\\|')}`;
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
    ...result.contenders.map((c) => contenderRow(contenderTitles[c.contender], c)),
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
  const sdk = find(result, 'sdk-peer');
  const speedup = sdk !== undefined && sdk.okRuns > 0 ? sdk.ms / gf.ms : Number.NaN;
  const speedupGoal = s.kind === 'plan' ? planSpeedupGoal : applySpeedupGoal;
  const boundGoal = boundGoalScenarios.has(s.id);
  lines.push(
    `- groupform / lower bound: ${fixed(ratio, 2)}x` +
      (boundGoal ? ` (goal <= ${planRatioGoal}x): ${met(ratio <= planRatioGoal)}` : ' (no goal for this scenario)') +
      `; the emulator itself spent ${fixed(gf.emulatorCpuMs)} ms of CPU serving the run, on one thread`,
    `- SDK script (8 in flight) / groupform: ${fixed(speedup, 2)}x (goal >= ${speedupGoal}x at concurrency ${report.concurrency}): ${met(speedup >= speedupGoal)}`,
  );
  const sequential = find(result, 'sdk-peer-sequential');
  if (sequential !== undefined && sequential.okRuns > 0) {
    lines.push(`- footnote: the sequential SDK script (one request at a time, one run) / groupform: ${fixed(sequential.ms / gf.ms, 2)}x`);
  }
  if (s.kind === 'plan') {
    const offline = find(result, 'groupform-offline');
    const network = offline !== undefined && offline.okRuns > 0 ? gf.ms - offline.ms : Number.NaN;
    lines.push(
      // The issue's minimum counts a search for every declared login id; groupform skips those group/all already
      // shows as members, so fewer is better, never worse.
      `- requests: ${fixed(gf.requests)} vs the minimum ${result.minimalReads}: ${met(gf.requests <= result.minimalReads)}` +
        (gf.requests < result.minimalReads ? '; fewer, because login ids group/all already shows as members need no search' : ''),
      `- time spent on the provider (groupform - groupform --live-state): ${fixed(network)} ms, ${fixed(network / result.lowerBoundMs, 2)}x the lower bound`,
    );
  } else {
    lines.push(
      `- writes: ${writes} vs goal ${result.writeGoal} (one request per changed group per 100 member changes): ${met(writes <= result.writeGoal)}`,
      `- reads: ${reads} management + ${scimReads} SCIM GET vs minimal ${result.minimalReads}: ${met(reads + scimReads <= result.minimalReads)}` +
        (scimReads > 0 ? ' (the SCIM GET per tenant checks the SCIM key belongs to that tenant before its first write)' : ''),
    );
  }
  const routes = Object.entries(gf.routes).map(([route, count]) => `\`${route}\` ${count}`);
  lines.push(`- groupform requests by route (last run): ${routes.join(', ') || 'none'}`, '');
  return lines;
}

const rateLimitGoal = 1.2;

function rateLimitSection(result: BenchReport['rateLimit']): string[] {
  const lines = ['## Against a rate-limited server (bench/rate-limit.ts)', ''];
  if (typeof result === 'string') return [...lines, `Not measured: ${result}`, ''];
  const ratio = result.ms / result.imposedMs;
  const routes = Object.entries(result.routes).map(([route, count]) => `\`${route}\` ${count}`);
  lines.push(
    `${result.title}; groupform with its default settings (--concurrency 4, Descope's documented limits), one run in real time ` +
      '(the emulator\'s window is not scaled).',
    '',
    `- wall time ${fixed(result.ms / 1000, 1)} s; the least the limits allow ${fixed(result.imposedMs / 1000, 1)} s (the busiest route's full ` +
      `60 s windows, then its last window's requests at 4 in flight): ${fixed(ratio, 2)}x (goal <= ${rateLimitGoal}x): ${met(result.error === undefined && ratio <= rateLimitGoal)}`,
    `- 429 answers: ${result.throttled} (goal 0): ${met(result.throttled === 0)}`,
    `- requests ${result.requests}: ${routes.join(', ')}`,
    ...(result.error === undefined ? [] : [`- **failed**: ${result.error}`]),
    '',
  );
  return lines;
}

function cliFloorSection(steps: BenchReport['cliFloor']): string[] {
  const lines = ['## CPU floor through the CLI, 1,000,000 memberships (bench/cli-floor.ts)', ''];
  if (typeof steps === 'string') return [...lines, `Not measured: ${steps}`, ''];
  return [...lines, '100 tenants x 100 groups x 100 members (a 35 MB config, an 18 MB snapshot); each command its own process, process start included, median of the runs.', '', ...stepTable(steps, cliFloorRssGoalMiB)];
}

function expansionSection(steps: BenchReport['expansion']): string[] {
  const lines = ['## Sets and templates through the CLI, 2,000,000 memberships (bench/expansion.ts)', ''];
  if (typeof steps === 'string') return [...lines, `Not measured: ${steps}`, ''];
  return [
    ...lines,
    '1,000 tenants taking a 20-group template by glob, every group `{set: staff}` of 100 people (an 18 KB config, a 21 MB snapshot), 20,000 members to add; the goal is the CLI floor\'s 2 s per 1,000,000 memberships; each command its own process, process start included, median of the runs.',
    '',
    ...stepTable(steps, expansionRssGoalMiB),
  ];
}

function stepTable(steps: readonly CliFloorStep[], rssGoalMiB: number): string[] {
  return [
    '| command | wall ms | goal ms | peak RSS MiB | runs ok; note |',
    '|---|---:|---:|---:|---|',
    ...steps.map(
      (s) => `| ${s.name} | ${fixed(s.ms)} | < ${s.goalMs} | ${fixed(s.peakRssMiB, 1)} | ${s.okRuns}/${s.runs}${s.error === undefined ? '' : `; ${s.error.replaceAll('|', '\\|')}`} |`,
    ),
    '',
    ...steps.map((s) => `- ${s.name}: ${met(s.error === undefined && s.ms < s.goalMs)}` + (s.name.startsWith('plan') ? `; peak RSS goal < ${rssGoalMiB} MiB: ${met(s.peakRssMiB < rssGoalMiB)}` : '')),
    '',
  ];
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
    'state after an apply must equal the config. The SDK script (bench/sdk-peer.ts) is what a careful admin writes with the',
    'official SDK: one pool of as many requests in flight as groupform, every tenant at once, group/all and the declared login',
    'ids\' user searches (100 per request) side by side, group/members where group/all shows no members, and the writes as SCIM',
    'PATCHes of 100 changes in the same pool. The minimal requests: one group/all per tenant (+ one group/members per group',
    'where group/all omits them) + ceil(login ids / 100) searches per tenant; the lower bound is those x latency / in flight.',
    '',
    '## Against the emulator',
    '',
  ];
  if (report.startup !== undefined) {
    lines.push(`Process start alone (\`node -e 0\`): ${fixed(report.startup.ms)} ms, ${fixed(report.startup.peakRssMiB, 1)} MiB.`, '');
  }
  for (const result of report.scenarios) lines.push(...scenarioSection(result, report));
  lines.push(...rateLimitSection(report.rateLimit));
  lines.push(...cliFloorSection(report.cliFloor));
  lines.push(...expansionSection(report.expansion));
  lines.push(...cpuSection(report.cpu));
  lines.push('## Emulator throughput (bench/emulator-load.ts)', '');
  if (typeof report.emulatorLoad === 'string') lines.push(`Not measured: ${report.emulatorLoad}`, '');
  else lines.push(...report.emulatorLoad.map((l) => `- ${l}`), '');
  return `${lines.join('\n')}\n`;
}
