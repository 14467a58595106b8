import { GroupformError } from '../errors.js';
import { drainedError, isDrained } from '../http/index.js';

const INTERRUPTED = 'interrupted: ';

/**
 * The failure of a step that came after a write went through, led by what was written (`written`): the raw error
 * would not say that a group exists now. A typed error keeps its code; an interrupt stays an AbortError (a drain
 * one still isDrained), with a message apply prints rather than a bare "interrupted".
 */
export function afterWrite(error: unknown, written: string): unknown {
  if (error instanceof DOMException && error.name === 'AbortError') {
    const reason = error.message.startsWith(INTERRUPTED) ? error.message.slice(INTERRUPTED.length) : error.message;
    const what = `${written}; ${reason}`;
    return isDrained(error) ? drainedError(what) : new DOMException(`${INTERRUPTED}${what}`, 'AbortError');
  }
  if (error instanceof GroupformError) return new GroupformError(error.code, `${written}; ${error.message}`, { cause: error, exitCode: error.exitCode });
  return error;
}
