import { RouteBucket } from './route-bucket.js';
import type { RateLimits, RouteLimit, Throttle } from './types.js';

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

interface Rule {
  method: string | undefined;
  path: string;
  prefix: boolean;
  bucket: RouteBucket;
}

function parseRule(limit: RouteLimit): Rule {
  const match = /^(?:([A-Z]+)\s+)?(\/\S*)$/.exec(limit.route.trim());
  if (match === null) throw new RangeError(`a rate limit route is "METHOD /path" or "/path", optionally ending in *, not ${JSON.stringify(limit.route)}`);
  const path = match[2]!;
  const prefix = path.endsWith('*');
  return { method: match[1], path: prefix ? path.slice(0, -1) : path, prefix, bucket: new RouteBucket({ requests: limit.requests, perMs: limit.perMs }) };
}

function isRateLimits(value: Throttle | RateLimits | undefined): value is RateLimits {
  return value !== undefined && 'routes' in value;
}

/**
 * The rate limits of one server as the client keeps them: one RouteBucket per limited route (the first rule
 * that matches a request's method and path wins; a `*` rule is one bucket for every path it covers), and one
 * for everything else. A server that limits per route also locks out per route, so a 429 pauses only the
 * bucket it came from.
 */
export class RateGate {
  readonly #rules: Rule[];
  readonly #other: RouteBucket;

  constructor(limits: Throttle | RateLimits | undefined) {
    const resolved: RateLimits = isRateLimits(limits) ? limits : { routes: [], ...(limits === undefined ? {} : { other: limits }) };
    this.#rules = resolved.routes.map(parseRule);
    this.#other = new RouteBucket(resolved.other);
  }

  /** The bucket a request counts against; `path` is the request path without the query. */
  bucketFor(method: string, path: string): RouteBucket {
    for (const rule of this.#rules) {
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.prefix ? path.startsWith(rule.path) : path === rule.path) return rule.bucket;
    }
    return this.#other;
  }

  /** Every bucket: for counters and tests. */
  buckets(): RouteBucket[] {
    return [...this.#rules.map((r) => r.bucket), this.#other];
  }
}
