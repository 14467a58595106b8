// The CPU floor through the CLI: 1,000,000 declared memberships (100 tenants x 100 groups x 100 members) read,
// resolved and planned by `plan --live-state` (no network; process start included), and `validate`,
// `fmt --check` and `import` (100 tenants from the snapshot into a directory) of the same, each in its own process.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseUrlVariable, generateScenario, tenantIdOf, writeScenario } from './generate.js';
import { median, runMeasured, type ChildRun } from './measure.js';

export interface CliFloorStep {
  name: string;
  goalMs: number;
  ms: number;
  peakRssMiB: number;
  okRuns: number;
  runs: number;
  error?: string;
}

export const cliFloorSpec = { tenants: 100, groups: 100, members: 100, users: 1000, drift: 0.05, seed: 6 };
export const cliFloorRssGoalMiB = 1024;

export async function runCliFloorBench(options: { cliPath: string; cwd: string; runs: number; log: (line: string) => void }): Promise<CliFloorStep[]> {
  const generated = generateScenario(cliFloorSpec);
  const dir = await mkdtemp(join(tmpdir(), 'groupform-bench-cli-floor-'));
  try {
    const { configPath, seedPath } = await writeScenario(dir, generated);
    // The provider part alone, for import (which writes tenants to sit beside it).
    const providerPath = join(dir, 'provider', 'groupform.yaml');
    await mkdir(join(dir, 'provider'));
    await writeFile(providerPath, generated.configYaml.slice(0, generated.configYaml.indexOf('\ntenants:\n') + 1));
    const env = { ...generated.env, [baseUrlVariable]: 'https://api.descope.com' };
    const tenantFlags = Array.from({ length: cliFloorSpec.tenants }, (_, t) => ['--tenant', tenantIdOf(t, 4)]).flat();
    const steps: CommandStep[] = [
      {
        name: 'plan --live-state (read, resolve, plan, render JSON)',
        goalMs: 2000,
        args: () => [options.cliPath, 'plan', configPath, '--live-state', seedPath, '--format', 'json'],
        ok: (run) => run.exitCode === 0 && run.stdout.includes('"summary"'),
      },
      { name: 'validate', goalMs: 1000, args: () => [options.cliPath, 'validate', configPath], ok: (run) => run.exitCode === 0 },
      { name: 'fmt --check (nothing to change)', goalMs: 5000, args: () => [options.cliPath, 'fmt', '--check', configPath], ok: (run) => run.exitCode === 0 },
      {
        name: 'import of 100 tenants from the snapshot',
        goalMs: 5000,
        args: (run) => [options.cliPath, 'import', providerPath, ...tenantFlags, '--live-state', seedPath, '--out', join(dir, `import-${run}`) + '/'],
        ok: (run) => run.exitCode === 0,
      },
    ];
    return await runSteps(steps, env, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface CommandStep {
  name: string;
  goalMs: number;
  args: (run: number) => string[];
  ok: (run: ChildRun) => boolean;
}

/** Runs each step `runs` times in its own process (stopping a step at its first failed run); medians. */
export async function runSteps(steps: readonly CommandStep[], env: Record<string, string>, options: { cwd: string; runs: number; log: (line: string) => void }): Promise<CliFloorStep[]> {
  const results: CliFloorStep[] = [];
  for (const step of steps) {
    const runs: ChildRun[] = [];
    let error: string | undefined;
    for (let i = 0; i < options.runs; i++) {
      const run = await runMeasured(step.args(i), env, options.cwd);
      options.log(`  ${step.name} run ${i + 1}: ${run.ms.toFixed(0)} ms, exit ${String(run.exitCode)}`);
      if (!step.ok(run)) {
        error = `exit ${String(run.exitCode)}: ${run.stderr.trim().split('\n').at(-1)?.slice(0, 200) ?? ''}`;
        break;
      }
      runs.push(run);
    }
    results.push({
      name: step.name,
      goalMs: step.goalMs,
      ms: median(runs.map((r) => r.ms)),
      peakRssMiB: median(runs.flatMap((r) => (r.peakRssMiB === undefined ? [] : [r.peakRssMiB]))),
      okRuns: runs.length,
      runs: options.runs,
      ...(error === undefined ? {} : { error }),
    });
  }
  return results;
}
