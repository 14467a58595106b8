import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { descopeBaseUrl } from '../model/descope-host.js';
import type { EmulatorContext } from './context.js';
import { DescopeCode, descopeError } from './descope/wire.js';
import { descopeManagementRoutes } from './descope/mgmt.js';
import { createFaultPicker } from './faults.js';
import type { FaultKind } from './options.js';
import type { StatePersister } from './persistence.js';
import { createRouter, type EmulatorResponse, type RouteFamily } from './router.js';
import { scimError } from './scim/errors.js';
import { carriesRequiredQuery } from './scim/required-query.js';
import { profileForFamily, scimRoutes } from './scim/routes.js';
import { RouteRateLimiter } from './rate-limit.js';
import { StatsRecorder } from './stats.js';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface EmulatorServer {
  server: Server;
  stats: StatsRecorder;
  /** Stops answering delayed requests; the caller closes the server. */
  abort(): void;
}

function send(res: ServerResponse, response: EmulatorResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: Buffer | undefined;
  if (response.json !== undefined || response.body !== undefined) {
    // Encoded once: byteLength and then end(string) would walk a 20 MB group/all answer twice.
    payload = response.json ?? Buffer.from(JSON.stringify(response.body), 'utf8');
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(payload.length);
  } else if (response.status !== 204) {
    headers['content-length'] = '0';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));
}

/** Why a request's Host is not the one serving the project, or undefined when it is. */
function wrongRegionHost(projectId: string | undefined, hostHeader: string | undefined): string | undefined {
  if (projectId === undefined) return undefined;
  const expected = new URL(descopeBaseUrl(projectId)).hostname;
  const given = (hostHeader ?? '').replace(/:\d+$/, '').toLowerCase();
  return given === expected ? undefined : `project ${projectId} is served at ${expected}, not ${given || 'an unnamed host'}`;
}

const isGroupCreate = (method: string, route: string) => method === 'POST' && route.endsWith('/scim/v2/Groups');

/** The family an unrouted path belongs to, so even a 404 or a fault has the right body shape. */
function guessFamily(pathname: string, tenantByToken: boolean): RouteFamily {
  if (/^\/v\d+\/mgmt\//.test(pathname)) return 'descope';
  return pathname.startsWith('/scim/') && !tenantByToken ? 'descope-scim' : 'scim';
}

export function createEmulatorServer(ctx: EmulatorContext, persister: StatePersister | undefined, onError: (error: unknown) => void): EmulatorServer {
  const route = createRouter([...descopeManagementRoutes(ctx), ...scimRoutes(ctx)]);
  const stats = new StatsRecorder();
  const pickFault = createFaultPicker(ctx.options.faultRate, ctx.options.faults, ctx.options.faultSeed);
  const createFaults = new Map(ctx.options.createFaults.map(({ nth, fault }) => [nth, fault]));
  let creates = 0;
  const closing = new AbortController();

  const limiter = ctx.options.rateLimit === undefined ? undefined : new RouteRateLimiter({ ...ctx.options.rateLimit, lockoutSeconds: ctx.options.rateLimitLockoutSeconds });
  const retryAfterHeaders = (seconds: number): Record<string, string> | undefined => {
    const header = ctx.options.retryAfterHeader;
    return header === 'none' ? undefined : { [header]: String(seconds) };
  };

  const faultResponse = (family: RouteFamily, kind: '429' | '500', retryAfterSeconds = ctx.options.retryAfterSeconds): EmulatorResponse => {
    const status = Number(kind);
    const retryAfter = kind === '429' ? retryAfterHeaders(retryAfterSeconds) : undefined;
    if (family === 'descope') {
      const response =
        kind === '429'
          ? descopeError(429, DescopeCode.rateLimited, 'Too many requests', 'rate limit exceeded (emulated)')
          : descopeError(500, DescopeCode.internal, 'Internal error', 'emulated server error');
      return { ...response, ...(retryAfter === undefined ? {} : { headers: retryAfter }) };
    }
    const detail = kind === '429' ? 'Too many requests (emulated)' : 'Internal server error (emulated)';
    return scimError(profileForFamily(ctx, family), status, detail, undefined, retryAfter);
  };

  const handleAdmin = (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    if (!isLoopback(req.socket.remoteAddress)) return send(res, { status: 403, body: { error: 'loopback only' } });
    req.resume();
    if (req.method === 'GET' && pathname === '/_emulator/stats') return send(res, { status: 200, body: stats.snapshot() });
    if (req.method === 'POST' && pathname === '/_emulator/stats/reset') {
      stats.reset();
      return send(res, { status: 204 });
    }
    if (req.method === 'GET' && pathname === '/_emulator/state') return send(res, { status: 200, body: ctx.state.toSnapshot() });
    send(res, { status: 404, body: { error: `no emulator endpoint ${req.method ?? ''} ${pathname}` } });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    if (pathname.startsWith('/_emulator/')) return handleAdmin(req, res, pathname);

    const match = route(method, pathname);
    const name = match?.name ?? `${method} (unmatched)`;
    const family = match?.route.family ?? guessFamily(pathname, ctx.options.tenantByToken);
    stats.recordRequest(name);
    // Judged on arrival, as a server's limiter does.
    const limited = limiter?.check(name, Date.now());
    // Drawn on arrival, so the sequence of faults follows the sequence of requests.
    const drawn: FaultKind | undefined = pickFault();
    const fault = isGroupCreate(method, name) ? (createFaults.get(++creates) ?? drawn) : drawn;
    const body = await readBody(req);
    if (ctx.options.latencyMs > 0) await sleep(ctx.options.latencyMs, undefined, { signal: closing.signal });

    if (limited !== undefined && !limited.allowed) {
      const response = faultResponse(family, '429', Math.ceil(limited.retryAfterMs / 1000));
      stats.recordStatus(name, response.status);
      return send(res, response);
    }

    if (fault !== undefined && fault !== 'reset-after') {
      stats.recordFault(fault);
      if (fault === 'reset') return void req.socket.destroy();
      // Never answered; close() drops the connection.
      if (fault === 'timeout') return;
      const response = faultResponse(family, fault);
      stats.recordStatus(name, response.status);
      return send(res, response);
    }

    let response: EmulatorResponse;
    let wrongHost: string | undefined;
    if (body === undefined) {
      response = family === 'descope'
        ? descopeError(413, DescopeCode.badRequest, 'Request is too large')
        : scimError(profileForFamily(ctx, family), 413, 'the request body is too large');
    } else if (match === undefined) {
      response = family === 'descope'
        ? descopeError(404, DescopeCode.badRequest, 'Route not found', `${method} ${pathname}`)
        : scimError(profileForFamily(ctx, family), 404, `no endpoint ${method} ${pathname}`);
    } else if ((wrongHost = family !== 'scim' && ctx.options.descopeRegionHost ? wrongRegionHost(ctx.state.projectId, req.headers.host) : undefined) !== undefined) {
      response = family === 'descope' ? descopeError(401, DescopeCode.unauthorized, 'Unauthorized', wrongHost) : scimError(profileForFamily(ctx, family), 401, wrongHost);
    } else if (family === 'scim' && !carriesRequiredQuery(ctx.options.requireQuery, url.searchParams, match.params.tenantId)) {
      response = scimError(profileForFamily(ctx, family), 403, `the request lacks the query parameter ${ctx.options.requireQuery?.name ?? ''} this gateway requires`);
    } else {
      const origin = `http://${req.headers.host ?? 'localhost'}`;
      response = match.route.handler({ method, params: match.params, query: url.searchParams, headers: req.headers, body, origin });
    }
    persister?.noteRequestDone();
    if (fault === 'reset-after') {
      stats.recordFault(fault);
      return void req.socket.destroy();
    }
    stats.recordStatus(name, response.status);
    send(res, response);
  };

  const server = createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) return void req.socket.destroy();
      onError(error);
      if (!res.headersSent) send(res, { status: 500, body: { error: 'emulator bug', message: (error as Error).message } });
      else res.destroy();
    });
  });
  return { server, stats, abort: () => closing.abort() };
}
