import { STATUS_CODES } from 'node:http';
import { describeCommonError, parseBody, parseErrorBody, quotableText } from './body.js';
import { NOT_RETRIED, drainedError, isDrained, waitUnlessDrained, type Stop } from './drain.js';
import { HttpError, NetworkError } from './errors.js';
import { leasePool, type PoolLease } from './pools.js';
import { createRedactor, type Redact } from './redact.js';
import { backoffDelayMs, definedOnly, isIdempotent, isRetryableStatus, readRetryAfter, resolveRetryPolicy } from './retry.js';
import type { RouteBucket } from './route-bucket.js';
import { RateGate, sleep } from './throttle.js';
import { waitForBucket } from './bucket-wait.js';
import { allowManyAbortListeners, classifyNetworkError, sendOnce, type WireResponse } from './transport.js';
import type { HttpClientOptions } from './options.js';
import type { HttpRequest, HttpResponse, ProviderErrorDetail, RetryPolicy, Timeouts } from './types.js';
import { assertSafeUrl, encodeQuery, joinTarget } from './url.js';

const defaultTimeouts: Readonly<Timeouts> = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, totalMs: 120_000 };
// Far above any real listing of groups with their members, far below what would exhaust a CI runner's memory.
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const defaultRequestIdHeaders = ['x-request-id', 'x-amzn-requestid', 'x-amz-request-id', 'request-id', 'x-correlation-id'];
const longestProviderMessage = 300;

interface Exchange {
  label: string;
  request: HttpRequest;
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** The rate-limit bucket the request counts against, and when its last attempt started. */
  bucket: RouteBucket;
  startedAt: number;
}

/**
 * The one HTTP client every provider uses: a keep-alive pool per origin, timeouts, the run's limiter, a
 * client-side throttle, retries with Retry-After and backoff, typed errors, and redaction of every secret.
 */
export class HttpClient {
  readonly #origin: string;
  readonly #basePath: string;
  /** The base URL's own query, sent with every request but never shown: it may carry a gateway key. */
  readonly #baseQuery: string;
  readonly #retry: Required<RetryPolicy>;
  readonly #timeouts: Timeouts;
  readonly #maxResponseBytes: number;
  readonly #gate: RateGate;
  readonly #redact: Redact;
  readonly #headers: Record<string, string>;
  #lease: PoolLease | undefined;
  #closed = false;

  constructor(readonly options: HttpClientOptions) {
    const base = assertSafeUrl(options.baseUrl, 'the provider baseUrl');
    this.#origin = base.origin;
    this.#basePath = base.pathname;
    this.#baseQuery = base.search.slice(1);
    this.#retry = resolveRetryPolicy(options.retry);
    this.#timeouts = { ...defaultTimeouts, ...definedOnly(options.timeouts ?? {}) };
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (options.gate !== undefined && options.throttle !== undefined) {
      throw new Error('HttpClient: give either a shared gate or a throttle, not both');
    }
    this.#gate = options.gate ?? new RateGate(options.throttle);
    this.#redact = createRedactor([...(options.authorization === undefined ? [] : [options.authorization]), ...(options.secrets ?? [])], options.secrets ?? []);
    this.#headers = {
      accept: 'application/json, application/scim+json',
      'user-agent': 'groupform',
      ...lowerCaseKeys(options.headers ?? {}),
      ...(options.authorization === undefined ? {} : { authorization: options.authorization.reveal() }),
    };
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    if (this.#closed) throw new Error('HttpClient.request after close()');
    // Before the first wait: every wait, the limiter's queue and undici each add a listener to the run's signals.
    const stop: Stop = request.stop ?? {};
    allowManyAbortListeners(stop.signal);
    allowManyAbortListeners(stop.drain);
    const signal = stop.signal;
    signal?.throwIfAborted();
    const query = encodeQuery(request.query);
    const target = joinTarget(this.#basePath, request.path, [this.#baseQuery, query].filter((q) => q !== '').join('&'));
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const exchange: Exchange = {
      label: `${request.method} ${this.#redact(this.#origin + joinTarget(this.#basePath, request.path, query))}`,
      request,
      target,
      body,
      headers: {
        ...this.#headers,
        ...request.headers,
        ...(body === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' }),
      },
      bucket: this.#gate.bucketFor(request.method, target.split('?', 1)[0]!),
      startedAt: 0,
    };
    const idempotent = isIdempotent(request);
    const { maxAttempts } = this.#retry;
    // What a drain stops: the first attempt, or a retry after this failure (already redacted).
    let lastFailure: string | undefined;
    const stopped = (): string => (lastFailure === undefined ? `${exchange.label} not sent` : `${lastFailure}${NOT_RETRIED}`);
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      let wire: WireResponse;
      try {
        wire = await this.#send(exchange, stop, stopped);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (isDrained(error)) throw error;
        const failure = classifyNetworkError(error, this.#timeouts, this.#maxResponseBytes);
        this.#debug(`✗ ${exchange.label} ${failure.code} ${elapsedMs(started)}ms`);
        const retryable = failure.retry === 'always' || (failure.retry === 'idempotent' && idempotent);
        const message = this.#redact(`${exchange.label} failed: ${failure.description}${attemptsNote(attempt)}`);
        if (!retryable || attempt >= maxAttempts) throw new NetworkError(failure.code, message);
        lastFailure = message;
        await this.#backoff(exchange, attempt, failure.code, stop, stopped);
        continue;
      }
      this.#debug(`← ${wire.status} ${exchange.label} ${elapsedMs(started)}ms`);
      if ((wire.status >= 200 && wire.status < 300) || request.accept?.includes(wire.status)) {
        exchange.bucket.succeeded();
        return this.#toResponse<T>(exchange, wire);
      }
      const retryAfterMs = this.#readRetryAfter(wire);
      if (retryAfterMs !== undefined && retryAfterMs > this.#retry.maxRetryAfterMs) {
        const note = `; Retry-After ${Math.ceil(retryAfterMs / 1000)} s is longer than the ${Math.ceil(this.#retry.maxRetryAfterMs / 1000)} s this run waits`;
        throw this.#httpError(exchange, wire, note);
      }
      // A 429 pauses every request of its bucket (the route, or the whole client), not just the one that got it,
      // and lowers the bucket's rate; without Retry-After the pause grows exponentially from throttledDelayMs.
      let pausedMs: number | undefined;
      if (wire.status === 429) {
        if (this.options.counters !== undefined) this.options.counters.throttled += 1;
        const backoff = { firstMs: this.#retry.throttledDelayMs, maxMs: this.#retry.maxDelayMs, random: Math.random };
        pausedMs = exchange.bucket.throttle(exchange.startedAt, Date.now(), retryAfterMs, backoff);
      } else if (retryAfterMs !== undefined) {
        exchange.bucket.pauseUntil(Date.now() + retryAfterMs);
        pausedMs = retryAfterMs;
      }
      if (!isRetryableStatus(wire.status, idempotent) || attempt >= maxAttempts) {
        throw this.#httpError(exchange, wire, attemptsNote(attempt));
      }
      lastFailure = this.#httpError(exchange, wire, attemptsNote(attempt)).message;
      if (pausedMs === undefined) await this.#backoff(exchange, attempt, String(wire.status), stop, stopped);
      else this.#debug(`↻ retry ${attempt + 1}/${maxAttempts} ${exchange.label} after ${wire.status}, paused ${pausedMs}ms`);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#lease?.release();
  }

  /**
   * Waits for the throttle and any pause without holding a limiter slot, then holds one only on the wire. The
   * drain ends the waits; once the request is on the wire only the abort signal can end it.
   */
  async #send(exchange: Exchange, stop: Stop, stopped: () => string): Promise<WireResponse> {
    const signal = stop.signal;
    const { bucket } = exchange;
    const counters = this.options.counters;
    for (;;) {
      await waitUnlessDrained(stop, stopped, (wait) => waitForBucket(bucket, wait, counters));
      const release = await waitUnlessDrained(stop, stopped, (wait) => this.options.limiter.acquire(wait));
      const now = Date.now();
      if (bucket.waitMs(now) > 0) {
        release();
        continue;
      }
      if (stop.drain?.aborted === true) {
        release();
        throw drainedError(stopped());
      }
      const answered = bucket.start();
      exchange.startedAt = now;
      if (counters !== undefined) counters.requests += 1;
      this.#debug(`→ ${exchange.label}`);
      try {
        this.#lease ??= leasePool(this.#origin, this.#timeouts.connectMs, this.options.limiter.maxInFlight, this.options.proxy);
        return await sendOnce(this.#lease.pool, { ...exchange, origin: this.#origin, method: exchange.request.method, timeouts: this.#timeouts, maxBytes: this.#maxResponseBytes, signal });
      } finally {
        answered();
        release();
      }
    }
  }

  async #backoff(exchange: Exchange, attempt: number, reason: string, stop: Stop, stopped: () => string): Promise<void> {
    const delay = backoffDelayMs(this.#retry, attempt);
    this.#debug(`↻ retry ${attempt + 1}/${this.#retry.maxAttempts} ${exchange.label} after ${reason}, in ${delay}ms`);
    await waitUnlessDrained(stop, stopped, (wait) => sleep(delay, wait));
  }

  /** How long the server asks us to wait on a 429 or 503; undefined when it does not say. */
  #readRetryAfter(wire: WireResponse): number | undefined {
    if (wire.status !== 429 && wire.status !== 503) return undefined;
    return readRetryAfter(wire.headers, Date.now());
  }

  #toResponse<T>(exchange: Exchange, wire: WireResponse): HttpResponse<T> {
    const where = `the ${wire.status} response to ${exchange.label}`;
    const body = parseBody(wire.text, wire.headers['content-type'], where) as T | undefined;
    return { status: wire.status, headers: wire.headers, body };
  }

  #httpError(exchange: Exchange, wire: WireResponse, note: string): HttpError {
    // Redacted before clipping: a secret cut in half by the clip would no longer match.
    const redactOptional = (text: string | undefined): string | undefined => (text === undefined ? undefined : this.#redact(text));
    const detail = this.#describe(wire);
    const providerCode = redactOptional(detail.code);
    const requestId = redactOptional(this.#requestId(wire));
    const said = [detail.code, detail.message].filter((part) => part !== undefined && part !== '').join(': ');
    const provider = clip(this.#redact(quotableText(said) ?? ''));
    const reason = STATUS_CODES[wire.status];
    const message =
      `${exchange.label} failed: ${wire.status}${reason === undefined ? '' : ` ${reason}`}` +
      `${provider === '' ? '' : ` (${provider})`}${requestId === undefined ? '' : ` [request id ${clip(requestId)}]`}${note}`;
    const url = exchange.label.slice(exchange.request.method.length + 1);
    return new HttpError(wire.status, exchange.request.method, url, providerCode, requestId, message);
  }

  #describe(wire: WireResponse): ProviderErrorDetail {
    const body = parseErrorBody(wire.text, wire.headers['content-type']);
    try {
      return (this.options.describeError ?? describeCommonError)(wire.status, body);
    } catch {
      // A describer that chokes on an odd body must not hide the status itself.
      return {};
    }
  }

  #requestId(wire: WireResponse): string | undefined {
    for (const name of this.options.requestIdHeaders ?? defaultRequestIdHeaders) {
      const value = wire.headers[name.toLowerCase()];
      if (value !== undefined && value !== '') return value;
    }
    return undefined;
  }

  #debug(line: string): void {
    this.options.debug?.(this.#redact(line));
  }
}

function attemptsNote(attempt: number): string {
  return attempt > 1 ? `; gave up after ${attempt} attempts` : '';
}

function elapsedMs(started: number): number {
  return Math.round(performance.now() - started);
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > longestProviderMessage ? `${flat.slice(0, longestProviderMessage - 1)}…` : flat;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
