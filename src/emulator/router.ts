import type { IncomingHttpHeaders } from 'node:http';

export interface EmulatorRequest {
  method: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw body; empty when none was sent. */
  body: Buffer;
  /** Origin the client used, for SCIM `meta.location`. */
  origin: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON; undefined sends no body. */
  body?: unknown;
  /** A body already encoded as JSON, for answers too big to build as objects first; wins over body. */
  json?: Buffer;
}

export type RouteFamily = 'descope' | 'descope-scim' | 'scim';
export type RouteHandler = (request: EmulatorRequest) => EmulatorResponse;

export interface Route {
  method: string;
  /** e.g. `/{tenantId}/scim/v2/Groups/{id}`; also the route's name in the stats. */
  pattern: string;
  family: RouteFamily;
  handler: RouteHandler;
}

export interface RouteMatch {
  route: Route;
  name: string;
  params: Record<string, string>;
}

type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  route: Route;
  name: string;
  segments: Segment[];
  literals: number;
}

function compile(route: Route): CompiledRoute {
  const segments = route.pattern
    .split('/')
    .filter((s) => s !== '')
    .map((s): Segment => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s }));
  return { route, name: `${route.method} ${route.pattern}`, segments, literals: segments.filter((s) => 'literal' in s).length };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Matches on method and path segments. Literal segments must match exactly, so `/scim/v2/Groups/{id}` and
 * `/{tenantId}/scim/v2/Groups` never both match; routes with more literals are tried first all the same.
 */
export function createRouter(routes: readonly Route[]): (method: string, pathname: string) => RouteMatch | undefined {
  const compiled = routes.map(compile).sort((a, b) => b.literals - a.literals);
  return (method, pathname) => {
    const parts = pathname.split('/').filter((s) => s !== '');
    for (const candidate of compiled) {
      if (candidate.route.method !== method || candidate.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < parts.length && matched; i++) {
        const segment = candidate.segments[i]!;
        const part = parts[i]!;
        if ('literal' in segment) matched = segment.literal === part;
        else {
          const decoded = decodeSegment(part);
          if (decoded === undefined) matched = false;
          else params[segment.param] = decoded;
        }
      }
      if (matched) return { route: candidate.route, name: candidate.name, params };
    }
    return undefined;
  };
}
