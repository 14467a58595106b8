import type { HttpSettings } from '../model/types.js';
import type { RateLimits, RouteLimit, Throttle } from '../http/index.js';

const MINUTE_MS = 60_000;

const perMinute = (requests: number): Throttle => ({ requests, perMs: MINUTE_MS });

/**
 * A provider's documented limits with the config's tier on top: `http.maxRequestsPerMinute` replaces every
 * limit (each route keeps its own bucket), and `http.rateLimits` sets single routes, named as the defaults
 * name them (`POST /v1/mgmt/group/all`) or new ones, in requests per minute.
 */
export function resolveRateLimits(defaults: RateLimits, http: HttpSettings): RateLimits {
  const every = http.maxRequestsPerMinute;
  const routes: RouteLimit[] = defaults.routes.map((r) => (every === undefined ? r : { route: r.route, ...perMinute(every) }));
  const other = every === undefined ? defaults.other : perMinute(every);
  const configured = Object.entries(http.rateLimits ?? {}).map(([route, requests]): RouteLimit => ({ route, ...perMinute(requests) }));
  const named = new Set(configured.map((r) => r.route));
  // The config's own routes first: the first rule that matches a request wins.
  return { routes: [...configured, ...routes.filter((r) => !named.has(r.route))], ...(other === undefined ? {} : { other }) };
}
