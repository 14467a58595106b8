// A 2,000-tenant plan against an emulator that enforces Descope's kind of limit: 500 requests per 60 s per route,
// a 60 s lock-out once exceeded. groupform runs with its default settings (no --concurrency, the documented
// rate limits in force), once, in real time: the limit, not the client, should set the pace.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import { baseUrlVariable, generateScenario, writeScenario } from './generate.js';
import { runMeasured } from './measure.js';
import type { Scenario } from './scenarios.js';

export const rateLimitedLimit = { requests: 500, perSeconds: 60, lockoutSeconds: 60 };

export interface RateLimitResult {
  title: string;
  ms: number;
  exitCode: number | null;
  requests: number;
  throttled: number;
  routes: Record<string, number>;
  /** The least time the limits allow: the busiest route's full windows, plus sending its last window's requests. */
  imposedMs: number;
  error?: string;
}

/** Requests on one route: every full window of `limit` costs a window; the rest go at `inFlight` per latency. */
export function imposedMs(routes: Record<string, number>, limit: number, windowMs: number, latencyMs: number, inFlight: number): number {
  let worst = 0;
  for (const count of Object.values(routes)) {
    const windows = Math.ceil(count / limit) - 1;
    const last = count - windows * limit;
    worst = Math.max(worst, windows * windowMs + Math.ceil(last / inFlight) * latencyMs);
  }
  return worst;
}

export async function runRateLimitBench(base: Scenario, options: { cliPath: string; cwd: string; latencyMs: number }): Promise<RateLimitResult> {
  const generated = generateScenario({ ...base.spec, documentedRateLimits: true });
  const dir = await mkdtemp(join(tmpdir(), 'groupform-bench-rate-limit-'));
  const emulator = await startEmulator({
    seed: generated.seed,
    latencyMs: options.latencyMs,
    rateLimit: { requests: rateLimitedLimit.requests, perSeconds: rateLimitedLimit.perSeconds },
    rateLimitLockoutSeconds: rateLimitedLimit.lockoutSeconds,
  });
  try {
    const files = await writeScenario(dir, generated);
    const env = { ...generated.env, [baseUrlVariable]: emulator.url };
    const run = await runMeasured([options.cliPath, 'plan', files.configPath, '--format', 'json'], env, options.cwd, 900_000);
    const stats = emulator.stats();
    const throttled = stats.statuses['429'] ?? 0;
    // groupform's default --concurrency is 4.
    const imposed = imposedMs(stats.routes, rateLimitedLimit.requests, rateLimitedLimit.perSeconds * 1000, options.latencyMs, 4);
    const error = run.exitCode === 0 ? undefined : `exit ${String(run.exitCode)}: ${run.stderr.trim().split('\n').at(-1) ?? ''}`;
    return {
      title: `plan: ${base.spec.tenants.toLocaleString('en')} tenants x ${base.spec.groups} groups x ${base.spec.members} members against ${rateLimitedLimit.requests} requests / ${rateLimitedLimit.perSeconds} s per route with a ${rateLimitedLimit.lockoutSeconds} s lock-out`,
      ms: run.ms,
      exitCode: run.exitCode,
      requests: stats.requests,
      throttled,
      routes: stats.routes,
      imposedMs: imposed,
      ...(error === undefined ? {} : { error }),
    };
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
