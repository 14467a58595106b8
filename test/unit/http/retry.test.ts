import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { backoffDelayMs, isIdempotent, isRetryableStatus, parseRetryAfter, resolveRetryPolicy } from '../../../src/http/retry.js';

const now = Date.parse('2025-01-01T00:00:00Z');

test.each([
  ['0', 0],
  ['5', 5000],
  [' 120 ', 120_000],
  ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
  ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
  [undefined, undefined],
  ['', undefined],
  ['-1', undefined],
  ['1.5', undefined],
  ['soon', undefined],
])('Retry-After %j → %j ms', (value, expected) => {
  expect(parseRetryAfter(value, now)).toBe(expected);
});

describe('isRetryableStatus', () => {
  test.each([
    [429, false, true],
    [429, true, true],
    [500, true, true],
    [500, false, false],
    [503, true, true],
    [520, true, true],
    [524, true, true],
    [530, true, true],
    [501, true, false],
    [400, true, false],
    [404, true, false],
    [409, true, false],
  ])('%i idempotent=%s → %s', (status, idempotent, expected) => {
    expect(isRetryableStatus(status, idempotent)).toBe(expected);
  });
});

test.each([
  [{ method: 'GET' }, true],
  [{ method: 'PUT' }, true],
  [{ method: 'DELETE' }, true],
  [{ method: 'POST' }, false],
  [{ method: 'PATCH' }, false],
  [{ method: 'POST', idempotent: true }, true],
  [{ method: 'GET', idempotent: false }, false],
] as const)('isIdempotent(%j) → %s', (request, expected) => {
  expect(isIdempotent({ path: '/', ...request })).toBe(expected);
});

test('backoff stays within [0, min(maxDelay, base * 2^(retry-1))]', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (base, max, retry, random) => {
      const policy = resolveRetryPolicy({ baseDelayMs: base, maxDelayMs: max });
      const delay = backoffDelayMs(policy, retry, () => random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(max, base * 2 ** (retry - 1)));
    }),
  );
});

test('resolveRetryPolicy keeps defaults for undefined fields and rejects nonsense', () => {
  expect(resolveRetryPolicy({ maxAttempts: undefined, baseDelayMs: 1 })).toEqual({
    maxAttempts: 5,
    baseDelayMs: 1,
    maxDelayMs: 30_000,
    maxRetryAfterMs: 120_000,
    throttledDelayMs: 1000,
  });
  expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
  expect(() => resolveRetryPolicy({ baseDelayMs: Number.NaN })).toThrow(RangeError);
});
