#!/usr/bin/env node
import { setMaxListeners } from 'node:events';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { DiagnosticsError, ExitCode, formatDiagnostic, formatError, GroupformError } from '../errors.js';
import { printable } from '../util/printable.js';
import type { CommandIo } from './io.js';
import { buildProgram } from './program.js';
import { toUsageError } from './usage-errors.js';

/** Runs the CLI; the one place that turns errors into messages and exit codes. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

export function reportError(error: unknown, io: CommandIo): number {
  if (error instanceof CommanderError) {
    // help and version are "errors" to commander, already printed; a usage error is printed like any other.
    const usage = toUsageError(error);
    if (usage === undefined) return ExitCode.ok;
    io.stderr.write(formatError(usage));
    return usage.exitCode;
  }
  if (error instanceof DiagnosticsError) {
    for (const d of error.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    const errors = error.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr.write(`groupform: ${printable(error.message)} (${errors} error${errors === 1 ? '' : 's'})\n`);
    return error.exitCode;
  }
  if (error instanceof GroupformError) {
    io.stderr.write(formatError(error));
    return error.exitCode;
  }
  if (error instanceof DOMException && error.name === 'AbortError') {
    io.stderr.write('groupform: interrupted\n');
    return ExitCode.error;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`groupform: internal error: this is a bug, please report it with the output below.\n${stack}\n`);
  return ExitCode.error;
}

function processIo(): CommandIo {
  const controller = new AbortController();
  // Every request in flight listens for the interrupt on this one signal: dozens of listeners are expected.
  setMaxListeners(0, controller.signal);
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\ngroupform: ${signal} received: finishing requests in flight, starting no new ones (again to quit now)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `groupform ... | head` closes the pipe early: the reader has what it wanted, so that is not an error. The run
  // carries on to its own end (an apply must not stop mid-write because nobody reads its summary).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', ignoreClosedPipe);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
}

function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
  throw error;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const io = processIo();
  process.exitCode = await main(process.argv.slice(2), io);
  // Signal handlers would otherwise keep an idle process alive after the work is done.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
}
