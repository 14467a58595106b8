import { createInterface } from 'node:readline';
import type { CommandIo } from './io.js';
import { GroupformError } from '../errors.js';

/** Throws unless there is a terminal to ask on, so a pipeline without --auto-approve fails instead of hanging. */
export function assertCanConfirm(io: CommandIo): asserts io is CommandIo & { stdin: NonNullable<CommandIo['stdin']> } {
  if (io.stdin?.isTTY !== true) {
    throw new GroupformError('APPROVAL_REQUIRED', 'no terminal to confirm on: review the plan and pass --auto-approve');
  }
}

/** Asks on a terminal; true only for exactly "yes" (as Terraform). End of input or an interrupt is a no. */
export async function confirmApply(io: CommandIo, prompt: string): Promise<boolean> {
  assertCanConfirm(io);
  if (io.signal?.aborted === true) return false;
  io.stderr.write(prompt);
  const answer = await readLine(io.stdin, io.signal);
  return answer === 'yes';
}

function readLine(input: NodeJS.ReadableStream, signal: AbortSignal | undefined): Promise<string | undefined> {
  const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: string | undefined): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      lines.close();
      resolve(answer);
    };
    const onAbort = (): void => settle(undefined);
    lines.once('line', (line) => settle(line));
    lines.once('close', () => settle(undefined));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
