// Sets and templates at scale, offline through the CLI: 1,000 tenants taking a 20-group template whose groups all
// hold one 100-person set (2,000,000 memberships after expansion), planned with `plan --live-state` (process start
// included) and validated, each in its own process. Every live group lacks one member, so the plan adds 20,000.
// Run alone: npx tsc -p tsconfig.build.json && node dist/bench/expansion.js [--runs 3]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Snapshot } from '../src/config/snapshot.js';
import { runSteps, type CliFloorStep, type CommandStep } from './cli-floor.js';

export const expansionSpec = { tenants: 1000, groups: 20, setSize: 100 };
/** The CLI floor's budget (2 s and 1 GiB for 1,000,000 memberships), scaled to the memberships planned. */
export const expansionGoalMs = (2000 * expansionSpec.tenants * expansionSpec.groups * expansionSpec.setSize) / 1_000_000;
export const expansionRssGoalMiB = 1024;

function tenantId(t: number): string {
  return `T2t${String(t).padStart(4, '0')}`;
}

export function expansionInput(): { configYaml: string; seed: Snapshot; expectedAdds: number } {
  const { tenants, groups, setSize } = expansionSpec;
  const staff = Array.from({ length: setSize }, (_, i) => ({ userId: `U2s${i}`, loginId: `staff${i}@msp.example` }));
  const groupNames = Array.from({ length: groups }, (_, g) => `Group ${String(g).padStart(2, '0')}`);
  const yaml = [
    'version: 1',
    'provider: {type: descope, projectId: P2bench, baseUrl: "https://api.descope.com"}',
    'defaults:',
    '  safety: {maxRemovalPercent: 100, maxGroupDeletePercent: 100}',
    'sets:',
    '  staff:',
    ...staff.map((s) => `    - ${s.loginId}`),
    'templates:',
    '  standard:',
    '    tenants: ["T2t*"]',
    '    groups:',
    ...groupNames.map((name) => `      ${name}: {members: [{set: staff}]}`),
    'tenants:',
    ...Array.from({ length: tenants }, (_, t) => `  ${tenantId(t)}: {}`),
  ];
  const seed: Snapshot = { projectId: 'P2bench', tenants: {} };
  for (let t = 0; t < tenants; t++) {
    seed.tenants[tenantId(t)] = {
      users: staff,
      groups: groupNames.map((display, g) => ({ id: `g${t}-${g}`, display, members: staff.filter((_, i) => i !== (t + g) % setSize).map((s) => s.userId) })),
    };
  }
  return { configYaml: `${yaml.join('\n')}\n`, seed, expectedAdds: tenants * groups };
}

export async function runExpansionBench(options: { cliPath: string; cwd: string; runs: number; log: (line: string) => void }): Promise<CliFloorStep[]> {
  const { configYaml, seed, expectedAdds } = expansionInput();
  const dir = await mkdtemp(join(tmpdir(), 'groupform-bench-expansion-'));
  try {
    const configPath = join(dir, 'groupform.yaml');
    const seedPath = join(dir, 'seed.json');
    await writeFile(configPath, configYaml);
    await writeFile(seedPath, JSON.stringify(seed));
    const steps: CommandStep[] = [
      {
        name: 'plan --live-state (read, expand, resolve, plan, render JSON)',
        goalMs: expansionGoalMs,
        args: () => [options.cliPath, 'plan', configPath, '--live-state', seedPath, '--format', 'json'],
        ok: (run) => run.exitCode === 0 && run.stdout.includes(`"membersToAdd": ${expectedAdds},`),
      },
      { name: 'validate (read, expand)', goalMs: expansionGoalMs / 2, args: () => [options.cliPath, 'validate', configPath], ok: (run) => run.exitCode === 0 },
    ];
    return await runSteps(steps, {}, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const index = process.argv.indexOf('--runs');
  const runs = index < 0 ? 3 : Math.max(1, Number(process.argv[index + 1]) || 3);
  const cliPath = new URL('../src/cli/main.js', import.meta.url).pathname;
  const steps = await runExpansionBench({ cliPath, cwd: process.cwd(), runs, log: (line) => void process.stderr.write(`${line}\n`) });
  for (const s of steps) console.log(`${s.name}: median ${s.ms.toFixed(0)} ms (goal < ${s.goalMs}), peak RSS ${s.peakRssMiB.toFixed(1)} MiB, ${s.okRuns}/${s.runs} ok${s.error === undefined ? '' : `; ${s.error}`}`);
}
