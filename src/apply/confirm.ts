// STUB (issue 4): signatures fixed; implementation in progress.
import type { CommandIo } from '../cli/io.js';

/** Asks on a terminal; true only for "yes". Without a terminal throws GroupformError('APPROVAL_REQUIRED'). */
export function confirmApply(_io: CommandIo, _prompt: string): Promise<boolean> {
  throw new Error('not implemented');
}
