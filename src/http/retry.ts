import type { HttpRequest, RetryPolicy } from './types.js';

const defaultRetryPolicy: Readonly<Required<RetryPolicy>> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  throttledDelayMs: 1000,
};

export function resolveRetryPolicy(partial: { [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined } = {}): Required<RetryPolicy> {
  const policy = { ...defaultRetryPolicy, ...definedOnly(partial) };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a whole number of at least 1, not ${policy.maxAttempts}`);
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs', 'throttledDelayMs'] as const) {
    if (!(policy[key] >= 0)) throw new RangeError(`retry.${key} must be 0 or more, not ${policy[key]}`);
  }
  return policy;
}

/** Drops keys whose value is undefined, so `{ ...defaults, ...partial }` keeps the default for them. */
export function definedOnly<T extends object>(partial: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Capped exponential backoff with full jitter; `retry` counts from 1. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * cap);
}

/** Retry-After, or where a server sends only that, X-Retry-After (some rate limiters do); undefined when neither is usable. */
export function readRetryAfter(headers: Record<string, string>, now: number): number | undefined {
  return parseRetryAfter(headers['retry-after'], now) ?? parseRetryAfter(headers['x-retry-after'], now);
}

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (text === undefined || text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - now);
}

// Descope's Go SDK retries 503, 520–524 and 530 (docs/providers.md); 500, 502, 504 and 408 are the usual
// transient answers of servers and gateways. Retried only for idempotent requests: the server may have acted.
const transientStatuses: ReadonlySet<number> = new Set([408, 500, 502, 503, 504, 520, 521, 522, 523, 524, 530]);

export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return status === 429 || (idempotent && transientStatuses.has(status));
}

export function isIdempotent(request: HttpRequest): boolean {
  return request.idempotent ?? (request.method === 'GET' || request.method === 'PUT' || request.method === 'DELETE');
}
