import type { RouteBucket } from './route-bucket.js';
import type { HttpCounters } from './types.js';

// setTimeout's largest delay; a longer wait is taken in steps.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits until `bucket` lets a request start, waking early whenever it changes (an answer frees the window,
 * a pause is set), so no timer outlives the wait. Rejects with the signal's reason when it aborts.
 */
export async function waitForBucket(bucket: RouteBucket, signal: AbortSignal | undefined, counters?: HttpCounters): Promise<void> {
  const started = Date.now();
  let counted = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const ms = bucket.waitMs(Date.now());
      if (ms <= 0) return;
      if (!counted && counters !== undefined) counters.waits += 1;
      counted = true;
      await untilChangedOr(Math.min(ms, LONGEST_TIMER_MS), bucket.changed(), signal);
    }
  } finally {
    if (counted && counters !== undefined) counters.waitedMs += Date.now() - started;
  }
}

function untilChangedOr(ms: number, changed: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      finish();
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    void changed.then(() => {
      finish();
      resolve();
    });
  });
}
