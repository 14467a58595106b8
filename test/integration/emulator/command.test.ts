import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorOptionsFromFlags, runEmulator } from '../../../src/cli/commands/emulator.js';
import { EmulatorOptionError } from '../../../src/emulator/index.js';

function captureIo(cwd: string, signal: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  let firstLine: (line: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => (firstLine = resolve));
  return {
    out,
    err,
    listening,
    io: {
      stdout: {
        write: (text: string) => {
          out.push(text);
          if (out.length === 1) firstLine(text);
          return true;
        },
      },
      stderr: { write: (text: string) => err.push(text) },
      env: {},
      cwd,
      signal,
    },
  };
}

describe('groupform emulator command', () => {
  it('prints the listening line first, serves the seed, and stops cleanly when signalled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'groupform-emulator-cmd-'));
    try {
      await writeFile(join(dir, 'seed.yaml'), 'projectId: P2test\nmanagementKey: mk-test\ntenants:\n  T1:\n    scimKey: sk-t1\n    groups:\n      - {id: g1, display: Eng}\n');
      const controller = new AbortController();
      const { io, out, err, listening } = captureIo(dir, controller.signal);
      const done = runEmulator({ port: '0', seed: 'seed.yaml', profile: 'aws', faults: '429,500', faultRate: '0', latency: '0' }, io);
      const line = await listening;
      const match = /^groupform emulator listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(line);
      expect(match).not.toBeNull();
      const response = await fetch(`${match![1]}/T1/scim/v2/Groups/g1`, { headers: { authorization: 'Bearer sk-t1' } });
      expect(await response.json()).toMatchObject({ id: 'g1', displayName: 'Eng', members: [] });
      controller.abort();
      expect(await done).toBe(0);
      expect(out).toHaveLength(1);
      expect(err.join('')).toContain('groupform emulator stopped');
      await expect(fetch(`${match![1]}/T1/scim/v2/Groups`)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('turns flags into options and refuses bad values with EMULATOR_OPTION', async () => {
    expect(
      emulatorOptionsFromFlags(
        { port: '4700', faults: '429, reset', faultRate: '0.25', faultSeed: '9', retryAfter: '0', state: 's.json', descopeInlineMembers: false, descopeEnvelope: 'object' },
        { cwd: '/work' },
      ),
    ).toEqual({
      port: 4700,
      faults: ['429', 'reset'],
      faultRate: 0.25,
      faultSeed: 9,
      retryAfterSeconds: 0,
      statePath: '/work/s.json',
      descopeInlineMembers: false,
      descopeEnvelope: 'object',
    });
    expect(() => emulatorOptionsFromFlags({ faults: '429,boom' }, { cwd: '/' })).toThrow(EmulatorOptionError);
    expect(() => emulatorOptionsFromFlags({ latency: 'soon' }, { cwd: '/' })).toThrow(EmulatorOptionError);
    const controller = new AbortController();
    const { io } = captureIo('/', controller.signal);
    await expect(runEmulator({ faultRate: '2' }, io)).rejects.toMatchObject({ code: 'EMULATOR_OPTION' });
    await expect(runEmulator({ profile: 'okta' }, io)).rejects.toMatchObject({ code: 'EMULATOR_OPTION' });
  });
});
