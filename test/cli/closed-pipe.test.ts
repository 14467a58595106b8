import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const BIN = 'dist/src/cli/main.js';

// The reader goes away after the first chunk, as `| head -1` does.
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stdout.once('data', () => child.stdout.destroy());
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('output into a pipe closed early', () => {
  it.each([
    [['plan', '--help']],
    [['plan', 'test/fixtures/cli/plan.yaml', '--live-state', 'test/fixtures/cli/snapshot.yaml', '--format', 'json']],
  ])('groupform %j ends quietly with its own exit code, every time', async (args) => {
    for (let run = 0; run < 10; run++) {
      const result = await runIntoClosedPipe(args);
      expect(result.stderr).not.toMatch(/EPIPE|Unhandled|error/i);
      expect(result.code).toBe(0);
    }
  });
});
