import { setMaxListeners } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Timeouts } from './types.js';
import { requestOn } from './undici-parts.js';

export interface WireRequest {
  /** Where to send it: a proxy agent picks the route by origin (a pool is bound to one already). */
  origin: string;
  method: string;
  /** Path and query, already encoded. */
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeouts: Timeouts;
  maxBytes: number;
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

/** What ends an attempt from our side: its deadline passed, or the answer grew past the size cap. */
class AttemptLimit extends Error {
  constructor(
    readonly limit: 'deadline' | 'size',
    /** Whether the response headers had arrived: the server answered, just too slowly or too much. */
    readonly answering: boolean,
  ) {
    super(`attempt ended by its ${limit} limit`);
  }
}

/**
 * One exchange on the wire, bounded as a whole: the deadline covers connecting, the headers and every byte of
 * the body (undici's own timeouts only bound each gap), and the body is read up to maxBytes (the announced
 * length is checked first). The whole body is read so the connection goes back to the pool.
 */
export async function sendOnce(pool: Dispatcher, request: WireRequest): Promise<WireResponse> {
  const limit = new AbortController();
  let answering = false;
  const timer = setTimeout(() => limit.abort(new AttemptLimit('deadline', answering)), request.timeouts.totalMs);
  const outer = request.signal;
  const onAbort = (): void => limit.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted === true) onAbort();
  try {
    const response = await requestOn(pool, {
      origin: request.origin,
      method: request.method,
      path: request.target,
      headers: request.headers,
      body: request.body ?? null,
      signal: limit.signal,
      headersTimeout: request.timeouts.headersMs,
      bodyTimeout: request.timeouts.bodyMs,
    });
    answering = true;
    const text = await readCapped(response.body, response.headers['content-length'], request.maxBytes);
    return { status: response.statusCode, headers: flattenHeaders(response.headers), text };
  } catch (error) {
    const reason: unknown = limit.signal.reason;
    if (reason instanceof AttemptLimit && outer?.aborted !== true) throw new AttemptLimit(reason.limit, answering);
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

async function readCapped(body: Dispatcher.ResponseData['body'], announced: string | string[] | undefined, maxBytes: number): Promise<string> {
  const tooLarge = (): AttemptLimit => {
    body.destroy();
    return new AttemptLimit('size', true);
  };
  if (typeof announced === 'string' && Number(announced) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

export interface NetworkFailure {
  code: 'HTTP_TIMEOUT' | 'HTTP_RESPONSE_TOO_LARGE' | 'HTTP_CONNECT' | 'HTTP_RESET' | 'HTTP_DNS' | 'HTTP_TLS' | 'HTTP_NETWORK';
  description: string;
  /** `always`: the request cannot have reached the server; `idempotent`: it may have. */
  retry: 'always' | 'idempotent' | 'never';
}

const tlsCodes = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** Maps undici's and Node's error codes to ours; the message never carries the original error's text
 * unredacted (the caller redacts the description). */
export function classifyNetworkError(error: unknown, timeouts: Timeouts, maxBytes: number): NetworkFailure {
  // A server that answers, only too slowly or too much, would do so again: not retried.
  if (error instanceof AttemptLimit && error.limit === 'size') {
    return { code: 'HTTP_RESPONSE_TOO_LARGE', retry: 'never', description: `the answer is larger than ${describeBytes(maxBytes)} (provider.http.maxResponseMegabytes)` };
  }
  if (error instanceof AttemptLimit) {
    return error.answering
      ? { code: 'HTTP_TIMEOUT', retry: 'never', description: `the answer did not complete within ${describeMs(timeouts.totalMs)} (the request's deadline, provider.http.timeoutSeconds)` }
      : { code: 'HTTP_TIMEOUT', retry: 'idempotent', description: `no answer within ${describeMs(timeouts.totalMs)} (the request's deadline, provider.http.timeoutSeconds)` };
  }
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
    return { code: 'HTTP_TLS', retry: 'never', description: `TLS failed: ${message} (${code}); for a private or corporate CA, point NODE_EXTRA_CA_CERTS at its PEM file` };
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

function describeMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function describeBytes(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${bytes} bytes`;
}
