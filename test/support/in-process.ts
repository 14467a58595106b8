import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { CommandIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface InProcessResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process (as `main` does for the binary), with only the environment given. */
export async function runMain(args: string[], options: { env?: Record<string, string>; cwd: string; signal?: AbortSignal }): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const status = await main(args, io);
  return { status, stdout, stderr };
}

/** A temporary directory holding the given files; removed by the returned cleanup. */
export async function withFiles(files: Record<string, string>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'groupform-test-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A temporary directory removed when the current test finishes, whatever its outcome. */
export async function tempDir(prefix = 'groupform-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
