// Measures config loading alone (read, parse, validate, cross-check, build the desired state) on the two plan
// scenarios' configs, generated in memory, plus configDigest over the result.
// Run: npx tsc -p tsconfig.build.json && node dist/bench/config-load.js [--runs 7] [--scenario 0|1 (one, in this process, as JSON)]
// Each scenario runs in its own process: `first` is the cold call a CLI run pays (JIT not warm, the schema
// validator compiled on first use), `median` the warm calls after it; `import` is loading src/config (yaml, ajv)
// in a fresh process. `simple` says whether the file was in the subset readSimpleTree reads without yaml.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { generateScenario } from './generate.js';
import { median } from './measure.js';
import { scenarios } from './scenarios.js';

export interface ConfigLoadResult {
  name: string;
  simple: boolean;
  memberships: number;
  yamlMiB: number;
  importMs: number;
  firstMs: number;
  medianMs: number;
  textsMedianMs: number;
  digestMedianMs: number;
  /** Heap still used with the desired state alive, after a GC when --expose-gc is given. */
  retainedHeapMiB: number;
  peakRssMiB: number;
}

const execFileAsync = promisify(execFile);
const planScenarios = scenarios.filter((s) => s.kind === 'plan');

const MiB = 1024 * 1024;
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

async function measureScenario(index: number, runs: number): Promise<ConfigLoadResult> {
  const scenario = planScenarios[index];
  if (scenario === undefined) throw new Error(`no plan scenario ${index}`);
  const generated = generateScenario(scenario.spec);
  const env = { ...generated.env, GF_BENCH_BASE_URL: 'http://127.0.0.1:1' };
  const dir = await mkdtemp(join(tmpdir(), 'groupform-bench-config-'));
  try {
    await writeFile(join(dir, 'groupform.yaml'), generated.configYaml);
    const importStarted = performance.now();
    const { loadDesired, loadDesiredFromTexts, configDigest } = await import('../src/config/index.js');
    const importMs = performance.now() - importStarted;
    const { readSimpleTree } = await import('../src/config/yaml/simple-tree.js');
    const load = async (): Promise<number> => {
      const started = performance.now();
      const desired = await loadDesired(['groupform.yaml'], { env, cwd: dir });
      const elapsed = performance.now() - started;
      const memberships = desired.tenants.reduce((n, t) => n + t.groups.reduce((m, g) => m + (g.members?.length ?? 0), 0), 0);
      if (memberships !== generated.memberships) throw new Error(`loaded ${memberships} memberships, generated ${generated.memberships}`);
      return elapsed;
    };
    const firstMs = await load();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await load());
    const texts = [{ file: 'groupform.yaml', text: generated.configYaml }];
    const textTimes: number[] = [];
    const digestTimes: number[] = [];
    let desired = loadDesiredFromTexts(texts, env);
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      desired = loadDesiredFromTexts(texts, env);
      textTimes.push(performance.now() - started);
      const digestStarted = performance.now();
      configDigest(desired);
      digestTimes.push(performance.now() - digestStarted);
    }
    (globalThis as { gc?: () => void }).gc?.();
    const retainedHeapMiB = process.memoryUsage().heapUsed / MiB;
    if (desired.tenants.length !== scenario.spec.tenants) throw new Error('the desired state lost tenants');
    return {
      name: scenario.title.replace(/^plan: /, ''),
      simple: readSimpleTree(generated.configYaml, 'groupform.yaml', env) !== undefined,
      memberships: generated.memberships,
      yamlMiB: round(Buffer.byteLength(generated.configYaml) / MiB),
      importMs: round(importMs, 0),
      firstMs: round(firstMs, 0),
      medianMs: round(median(times), 0),
      textsMedianMs: round(median(textTimes), 0),
      digestMedianMs: round(median(digestTimes), 0),
      retainedHeapMiB: round(retainedHeapMiB, 0),
      peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 0),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Each scenario in a child process of its own, one after the other, so neither JIT nor heap carries over. */
export async function runConfigLoadBench(runs = 7): Promise<ConfigLoadResult[]> {
  const script = fileURLToPath(import.meta.url);
  const results: ConfigLoadResult[] = [];
  for (const index of planScenarios.keys()) {
    const args = ['--expose-gc', script, '--scenario', String(index), '--runs', String(runs)];
    const { stdout } = await execFileAsync(process.execPath, args, { maxBuffer: 1 << 20 });
    results.push(JSON.parse(stdout) as ConfigLoadResult);
  }
  return results;
}

function describeResult(r: ConfigLoadResult): string {
  return (
    `${r.name} (${r.memberships} memberships, ${r.yamlMiB} MiB YAML${r.simple ? '' : ', read by yaml'}): loadDesired first ${r.firstMs} ms, median ${r.medianMs} ms; ` +
    `loadDesiredFromTexts median ${r.textsMedianMs} ms; configDigest median ${r.digestMedianMs} ms; import src/config ${r.importMs} ms; ` +
    `retained heap ${r.retainedHeapMiB} MiB, peak RSS ${r.peakRssMiB} MiB`
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, scenario: { type: 'string' } } });
  const runs = Math.max(1, Number.parseInt(values.runs, 10) || 7);
  if (values.scenario !== undefined) {
    process.stdout.write(`${JSON.stringify(await measureScenario(Number(values.scenario), runs))}\n`);
  } else {
    for (const r of await runConfigLoadBench(runs)) console.log(describeResult(r));
  }
}
