// Runs a contender as a child process and measures its wall time (spawn to exit) and peak RSS.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ChildRun {
  ms: number;
  /** undefined when the child died before its exit hook ran. */
  peakRssMiB: number | undefined;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const probeUrl = pathToFileURL(fileURLToPath(new URL('./rss-probe.js', import.meta.url))).href;

/** `node --import rss-probe <args>`; stdout and stderr are collected (the plan JSON is checked afterwards). */
export async function runMeasured(args: readonly string[], env: Record<string, string>, cwd: string, timeoutMs = 300_000): Promise<ChildRun> {
  const dir = await mkdtemp(join(tmpdir(), 'groupform-bench-rss-'));
  const rssFile = join(dir, 'maxrss');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', probeUrl, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env, GF_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A contender that hangs must not hang the benchmark: it is killed (by its own pid) and reported.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve(code));
    }).finally(() => clearTimeout(timer));
    const ms = performance.now() - started;
    const kib = Number(await readFile(rssFile, 'utf8').catch(() => 'NaN'));
    return {
      ms,
      peakRssMiB: Number.isFinite(kib) ? kib / 1024 : undefined,
      exitCode,
      stdout: Buffer.concat(stdout).toString('utf8'),
      stderr: Buffer.concat(stderr).toString('utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
