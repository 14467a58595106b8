/** What a command may touch of its process; tests pass their own. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CommandIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM: stop starting new work. */
  signal?: AbortSignal;
}

// The same rules as Node's own tty hasColors(), applied to the run's environment (tests pass their own):
// NO_COLOR and FORCE_COLOR=0 turn colour off, any other FORCE_COLOR turns it on, TERM=dumb has none.
export function colorEnabled(io: CommandIo, stream: OutputStream, noColorFlag = false): boolean {
  if (noColorFlag) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  if (force !== undefined) return true;
  return cursorEnabled(io, stream);
}

/** Whether a line may be redrawn in place (`\r`, erase line): a terminal that understands the codes. */
export function cursorEnabled(io: CommandIo, stream: OutputStream): boolean {
  return stream.isTTY === true && io.env.TERM !== 'dumb';
}
