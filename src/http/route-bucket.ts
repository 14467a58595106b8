import type { Throttle } from './types.js';

// Without a known limit, a 429 is judged against the rate of the last second.
const PROBE_WINDOW_MS = 1000;
// After a 429 the allowed rate halves; each window without one gives back a tenth of the limit (or of the
// learned rate when the server publishes none), so a run settles just under what the server takes.
const DECREASE = 0.5;
const RECOVERY = 0.1;

/** The first wait after a 429 without Retry-After, doubled for each further one in a row, with jitter. */
export interface ThrottledBackoff {
  firstMs: number;
  maxMs: number;
  random: () => number;
}

/**
 * One rate-limited route (or group of routes): a sliding window of at most `allowed` requests per `windowMs`,
 * counting each request from its start until `windowMs` after its answer, so requests still in flight count
 * too and the server never sees more than the limit in any window, whatever the latency; a pause after a
 * 429; and the allowed rate, lowered after each 429 and raised slowly after each quiet window.
 */
export class RouteBucket {
  readonly #limit: Throttle | undefined;
  readonly #windowMs: number;
  /** Requests allowed per window now; undefined: no limit known or learned. */
  #allowed: number | undefined;
  #inFlight = 0;
  /** Answer times of requests still inside the window, oldest first (from #head on). */
  #ends: number[] = [];
  #head = 0;
  #pausedUntil = 0;
  #lastCut = Number.NEGATIVE_INFINITY;
  #lastRaise = 0;
  #throttledInARow = 0;
  #changed = deferred();
  /** 429s this bucket received, and how often its rate was lowered. */
  throttled = 0;
  cuts = 0;

  constructor(limit: Throttle | undefined) {
    if (limit !== undefined && (!Number.isInteger(limit.requests) || limit.requests < 1 || !(limit.perMs > 0))) {
      throw new RangeError(`throttle must allow at least 1 request per positive period, not ${limit.requests} per ${limit.perMs} ms`);
    }
    this.#limit = limit;
    this.#windowMs = limit?.perMs ?? PROBE_WINDOW_MS;
    this.#allowed = limit?.requests;
  }

  /** Requests allowed per window at the moment (undefined: unlimited). */
  get allowed(): number | undefined {
    return this.#allowed;
  }

  get windowMs(): number {
    return this.#windowMs;
  }

  pauseUntil(time: number): void {
    if (time <= this.#pausedUntil) return;
    this.#pausedUntil = time;
    this.#notify();
  }

  /** Milliseconds until a request may start: 0 now, Infinity until an answer in flight comes back. */
  waitMs(now: number): number {
    const pause = this.#pausedUntil - now;
    if (this.#allowed === undefined) return Math.max(0, pause);
    this.#raise(now);
    this.#prune(now);
    const counted = this.#inFlight + this.#ends.length - this.#head;
    if (counted < this.#allowed) return Math.max(0, pause);
    const expiring = this.#head + counted - this.#allowed;
    const wait = expiring < this.#ends.length ? this.#ends[expiring]! + this.#windowMs - now : Number.POSITIVE_INFINITY;
    return Math.max(0, pause, wait);
  }

  /** Resolves when the bucket changes (an answer, a pause, a new rate): a waiter for Infinity wakes then. */
  changed(): Promise<void> {
    return this.#changed.promise;
  }

  /** Records a start; call the returned function once the answer (or failure) is in. */
  start(): (now?: number) => void {
    this.#inFlight += 1;
    let done = false;
    return (now = Date.now()) => {
      if (done) return;
      done = true;
      this.#inFlight -= 1;
      this.#ends.push(now);
      if (this.#allowed === undefined) this.#prune(now);
      this.#notify();
    };
  }

  succeeded(): void {
    this.#throttledInARow = 0;
  }

  /**
   * A 429 for a request started at `startedAt`: pauses the bucket for `retryAfterMs`, or without it for an
   * exponential backoff with jitter, and lowers the rate once per burst (a 429 for a request sent before the
   * last cut says nothing about the new rate). Returns the pause in ms.
   */
  throttle(startedAt: number, now: number, retryAfterMs: number | undefined, backoff: ThrottledBackoff): number {
    this.throttled += 1;
    this.#throttledInARow += 1;
    if (startedAt >= this.#lastCut) {
      // Without a limit the rate of the last second is what the server refused.
      this.#prune(now);
      const seen = this.#inFlight + this.#ends.length - this.#head;
      this.#allowed = Math.max(1, Math.floor((this.#allowed ?? seen) * DECREASE));
      this.#lastCut = now;
      this.#lastRaise = now;
      this.cuts += 1;
    }
    let pause = retryAfterMs;
    if (pause === undefined) {
      const cap = Math.min(backoff.maxMs, backoff.firstMs * 2 ** (this.#throttledInARow - 1));
      pause = Math.round(cap / 2 + (backoff.random() * cap) / 2);
    }
    this.pauseUntil(now + pause);
    this.#notify();
    return pause;
  }

  #raise(now: number): void {
    if (this.#allowed === undefined || now - this.#lastRaise < this.#windowMs) return;
    const ceiling = this.#limit?.requests ?? Number.POSITIVE_INFINITY;
    if (this.#allowed >= ceiling) return;
    const windows = Math.floor((now - this.#lastRaise) / this.#windowMs);
    const step = Math.max(1, Math.ceil((this.#limit?.requests ?? this.#allowed) * RECOVERY));
    this.#allowed = Math.min(ceiling, this.#allowed + windows * step);
    this.#lastRaise += windows * this.#windowMs;
  }

  #prune(now: number): void {
    while (this.#head < this.#ends.length && this.#ends[this.#head]! + this.#windowMs <= now) this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#ends.length) {
      this.#ends = this.#ends.slice(this.#head);
      this.#head = 0;
    }
  }

  #notify(): void {
    const previous = this.#changed;
    this.#changed = deferred();
    previous.resolve();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
