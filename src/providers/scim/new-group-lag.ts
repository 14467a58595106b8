import { setTimeout as sleep } from 'node:timers/promises';
import { GroupformError } from '../../errors.js';
import { HttpError, type Stop } from '../../http/index.js';

// AWS is eventually consistent: a PATCH ~25 ms after POST /Groups can answer 404 (seen by public clients). The
// waits double from FIRST_WAIT_MS, with jitter, for at most about LAG_BUDGET_MS in all: a group still unseen
// after that is a real failure.
const FIRST_WAIT_MS = 50;
const LAG_BUDGET_MS = 10_000;

const isNotFound = (error: unknown) =>
  (error instanceof HttpError && error.status === 404) || (error instanceof GroupformError && error.code === 'GROUP_NOT_FOUND');

/** Runs a write to a group this run just created, again after a 404 while the server may not show it yet. */
export async function writeNewGroup<T>(write: () => Promise<T>, stop: Stop): Promise<T> {
  let wait = FIRST_WAIT_MS;
  let waited = 0;
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (!isNotFound(error) || waited >= LAG_BUDGET_MS) throw error;
      const jittered = Math.round(wait * (0.5 + Math.random() / 2));
      await sleep(jittered, undefined, stop.signal === undefined ? {} : { signal: stop.signal });
      waited += jittered;
      wait *= 2;
    }
  }
}
