import type { Throttle } from './types.js';

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * When one client may start its next request: a sliding window of at most `requests` starts per `perMs`
 * (so we wait instead of hammering into 429s), and a pause for the whole client after a 429's Retry-After.
 */
export class RateGate {
  readonly #throttle: Throttle | undefined;
  /** The most recent starts, at most `throttle.requests` of them, oldest first. */
  readonly #starts: number[] = [];
  #pausedUntil = 0;

  constructor(throttle: Throttle | undefined) {
    if (throttle !== undefined && (!Number.isInteger(throttle.requests) || throttle.requests < 1 || !(throttle.perMs > 0))) {
      throw new RangeError(`throttle must allow at least 1 request per positive period, not ${throttle.requests} per ${throttle.perMs} ms`);
    }
    this.#throttle = throttle;
  }

  pauseUntil(time: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, time);
  }

  /** Milliseconds until a request may start; 0 when one may start now. */
  waitMs(now: number): number {
    let wait = this.#pausedUntil - now;
    const throttle = this.#throttle;
    if (throttle !== undefined && this.#starts.length >= throttle.requests) {
      const oldest = this.#starts[this.#starts.length - throttle.requests] ?? now;
      wait = Math.max(wait, oldest + throttle.perMs - now);
    }
    return Math.max(0, wait);
  }

  recordStart(now: number): void {
    if (this.#throttle === undefined) return;
    this.#starts.push(now);
    if (this.#starts.length > this.#throttle.requests) this.#starts.shift();
  }
}
