// Runs bench/plan-cpu.ts in its own process, so its peak RSS is not the harness's (which holds the emulator).
// Prints JSON: the steps, or {unavailable: reason}.
import { existsSync } from 'node:fs';

interface CpuStep {
  name: string;
  ms: number;
  peakRssMiB: number;
}

// TODO(plan-cpu): bench/plan-cpu.ts is written by another engineer; once it lands (git log -- bench/plan-cpu.ts)
// this becomes a static `import { runPlanCpuBench } from './plan-cpu.js'`. Until then a computed specifier keeps
// the type checker from resolving a file that does not exist yet.
const moduleUrl = new URL('./plan-cpu.js', import.meta.url);
if (!existsSync(moduleUrl)) {
  process.stdout.write(`${JSON.stringify({ unavailable: 'bench/plan-cpu.ts has not landed yet' })}\n`);
} else {
  const { runPlanCpuBench } = (await import(moduleUrl.href)) as { runPlanCpuBench: () => Promise<CpuStep[]> };
  process.stdout.write(`${JSON.stringify(await runPlanCpuBench())}\n`);
}
