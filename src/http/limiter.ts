/**
 * Bounds requests in flight across every client of a run. A slot is held only while a request is on the
 * wire: callers acquire after their backoff and throttle waits, and release as soon as the body is read.
 */
export class RequestLimiter {
  #inFlight = 0;
  readonly #queue: Array<() => void> = [];

  constructor(readonly maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new RangeError(`maxInFlight must be a whole number of at least 1, not ${maxInFlight}`);
    }
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /** Resolves to a release function (safe to call twice) once a slot is free; FIFO. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#inFlight < this.maxInFlight && this.#queue.length === 0) {
      this.#inFlight += 1;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.#releaser());
      };
      this.#queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      // The slot passes straight to the next waiter, so a burst of releases cannot over-admit.
      if (next === undefined) this.#inFlight -= 1;
      else next();
    };
  }
}
