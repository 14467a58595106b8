/** A per-route server-side limit: at most `requests` arrivals in any `perSeconds` window. */
export interface EmulatedRateLimit {
  requests: number;
  perSeconds: number;
  /** Once exceeded, every request of the route is refused this long (Descope: 60 s). 0: only the excess. */
  lockoutSeconds: number;
}

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Counts arrivals per route name (as the stats name routes, e.g. `POST /v1/mgmt/group/all`) in a sliding
 * window, as a server-side limiter does; refused requests do not count.
 */
export class RouteRateLimiter {
  readonly #arrivals = new Map<string, { times: number[]; head: number; lockedUntil: number }>();

  constructor(readonly limit: EmulatedRateLimit) {}

  check(route: string, now: number): RateVerdict {
    const windowMs = this.limit.perSeconds * 1000;
    let entry = this.#arrivals.get(route);
    if (entry === undefined) this.#arrivals.set(route, (entry = { times: [], head: 0, lockedUntil: 0 }));
    while (entry.head < entry.times.length && entry.times[entry.head]! <= now - windowMs) entry.head += 1;
    if (entry.head > 4096) {
      entry.times = entry.times.slice(entry.head);
      entry.head = 0;
    }
    if (now < entry.lockedUntil) return { allowed: false, retryAfterMs: entry.lockedUntil - now };
    const inWindow = entry.times.length - entry.head;
    if (inWindow < this.limit.requests) {
      entry.times.push(now);
      return { allowed: true };
    }
    if (this.limit.lockoutSeconds > 0) {
      entry.lockedUntil = now + this.limit.lockoutSeconds * 1000;
      return { allowed: false, retryAfterMs: this.limit.lockoutSeconds * 1000 };
    }
    return { allowed: false, retryAfterMs: entry.times[entry.head]! + windowMs - now };
  }

  reset(): void {
    this.#arrivals.clear();
  }
}
