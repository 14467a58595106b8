import { afterEach, describe, expect, it, vi } from 'vitest';
import { colorEnabled, cursorEnabled, type CommandIo, type OutputStream } from '../../../src/cli/io.js';
import { createStatusLine } from '../../../src/cli/status-line.js';

function capture(isTTY: boolean): OutputStream & { text: string } {
  const stream = { isTTY, text: '', write: (chunk: string) => (stream.text += chunk) };
  return stream;
}

function ioWith(env: Record<string, string>): CommandIo {
  return { stdout: capture(true), stderr: capture(true), env, cwd: '/' };
}

describe('colour and cursor codes', () => {
  it.each([
    [{}, true, true, true],
    [{ FORCE_COLOR: '0' }, true, false, true],
    [{ NO_COLOR: '1' }, true, false, true],
    [{ TERM: 'dumb' }, true, false, false],
    [{ TERM: 'dumb', FORCE_COLOR: '1' }, true, true, false],
    [{}, false, false, false],
    [{ FORCE_COLOR: '1' }, false, true, false],
  ])('env %j on a tty=%s: colour %s, cursor %s', (env, isTTY, colour, cursor) => {
    const io = ioWith(env);
    const stream = capture(isTTY);
    expect(colorEnabled(io, stream)).toBe(colour);
    expect(cursorEnabled(io, stream)).toBe(cursor);
  });
});

describe('status line without a terminal', () => {
  afterEach(() => vi.useRealTimers());

  it('prints the latest text as a plain line at a steady interval, nothing after clear', () => {
    vi.useFakeTimers();
    const stream = capture(false);
    const status = createStatusLine(stream, 80, false, 1000);
    status.update('Loading live state: 1/9 tenants');
    expect(stream.text).toBe('');
    vi.advanceTimersByTime(1000);
    status.update('Loading live state: 2/9 tenants');
    status.update('Loading live state: 3/9 tenants');
    vi.advanceTimersByTime(2000);
    status.clear();
    vi.advanceTimersByTime(5000);
    expect(stream.text).toBe('Loading live state: 1/9 tenants\nLoading live state: 3/9 tenants\nLoading live state: 3/9 tenants\n');
    expect(stream.text).not.toContain('\x1b');
  });

  it('a run shorter than the interval prints nothing', () => {
    vi.useFakeTimers();
    const stream = capture(false);
    const status = createStatusLine(stream, 80, false, 1000);
    status.update('Loading live state: 1/1 tenants');
    status.clear();
    vi.advanceTimersByTime(5000);
    expect(stream.text).toBe('');
  });
});
