import { setMaxListeners } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import type { Pool } from 'undici';
import type { Timeouts } from './types.js';

export interface WireRequest {
  method: string;
  /** Path and query, already encoded. */
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeouts: Timeouts;
  signal: AbortSignal | undefined;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

const unbounded = new WeakSet<AbortSignal>();

/**
 * A run passes one AbortSignal to every request, and undici (like the limiter's queue and every wait) adds an
 * abort listener per request, removed when it settles. Node warns past 10 listeners on one EventTarget
 * ("MaxListenersExceededWarning: Possible EventTarget memory leak"), which users saw at --concurrency 8
 * (bench/RESULTS.md finding 5); for this signal many listeners are the design, not a leak.
 */
export function allowManyAbortListeners(signal: AbortSignal | undefined): void {
  if (signal === undefined || unbounded.has(signal)) return;
  unbounded.add(signal);
  setMaxListeners(0, signal);
}

/** One exchange on the wire; the whole body is read so the connection goes back to the pool. */
export async function sendOnce(pool: Pool, request: WireRequest): Promise<WireResponse> {
  const response = await pool.request({
    method: request.method,
    path: request.target,
    headers: request.headers,
    body: request.body ?? null,
    signal: request.signal ?? null,
    headersTimeout: request.timeouts.headersMs,
    bodyTimeout: request.timeouts.bodyMs,
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: flattenHeaders(response.headers), text };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

export interface NetworkFailure {
  code: 'HTTP_TIMEOUT' | 'HTTP_CONNECT' | 'HTTP_RESET' | 'HTTP_DNS' | 'HTTP_TLS' | 'HTTP_NETWORK';
  description: string;
  /** `always`: the request cannot have reached the server; `idempotent`: it may have. */
  retry: 'always' | 'idempotent' | 'never';
}

const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** Maps undici's and Node's error codes to ours; the message never carries the original error's text
 * unredacted (the caller redacts the description). */
export function classifyNetworkError(error: unknown, timeouts: Timeouts): NetworkFailure {
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { code: 'HTTP_TIMEOUT', retry: 'always', description: `could not connect within ${timeouts.connectMs} ms (connect timeout)` };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { code: 'HTTP_TIMEOUT', retry: 'idempotent', description: `no response headers within ${timeouts.headersMs} ms (headers timeout)` };
    case 'UND_ERR_BODY_TIMEOUT':
      return { code: 'HTTP_TIMEOUT', retry: 'idempotent', description: `the response body stalled for ${timeouts.bodyMs} ms (body timeout)` };
    case 'ECONNREFUSED':
      return { code: 'HTTP_CONNECT', retry: 'always', description: 'connection refused' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return { code: 'HTTP_CONNECT', retry: 'always', description: `could not connect (${code})` };
    case 'EAI_AGAIN':
      return { code: 'HTTP_DNS', retry: 'always', description: 'DNS lookup failed temporarily (EAI_AGAIN)' };
    case 'ENOTFOUND':
      return { code: 'HTTP_DNS', retry: 'never', description: 'host not found (DNS ENOTFOUND)' };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return { code: 'HTTP_RESET', retry: 'idempotent', description: `connection reset before a complete response (${code})` };
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return { code: 'HTTP_RESET', retry: 'idempotent', description: 'the response ended before its announced length' };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && tlsCodes.test(code)) {
    return { code: 'HTTP_TLS', retry: 'never', description: `TLS failed: ${message} (${code})` };
  }
  return { code: 'HTTP_NETWORK', retry: 'never', description: `${message}${code === undefined ? '' : ` (${code})`}` };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects (autoSelectFamily) fail with an AggregateError of the per-address errors.
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  return undefined;
}
