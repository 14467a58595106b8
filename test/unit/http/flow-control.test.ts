import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RequestLimiter } from '../../../src/http/index.js';
import { RouteBucket } from '../../../src/http/route-bucket.js';
import { RateGate, sleep } from '../../../src/http/throttle.js';

const noJitter = { firstMs: 1000, maxMs: 30_000, random: () => 1 };

describe('RouteBucket', () => {
  test('a sliding window of 2 per 1000 ms counts each request until a window after its answer', () => {
    const bucket = new RouteBucket({ requests: 2, perMs: 1000 });
    expect(bucket.waitMs(0)).toBe(0);
    const first = bucket.start();
    const second = bucket.start();
    // Both in flight: only an answer can free the window.
    expect(bucket.waitMs(50)).toBe(Number.POSITIVE_INFINITY);
    first(100);
    second(300);
    expect(bucket.waitMs(200)).toBe(900);
    expect(bucket.waitMs(1100)).toBe(0);
    bucket.start()(1100);
    expect(bucket.waitMs(1100)).toBe(200);
  });

  test('a pause holds back every request, limited or not', () => {
    const bucket = new RouteBucket(undefined);
    bucket.start()(0);
    expect(bucket.waitMs(0)).toBe(0);
    bucket.pauseUntil(5000);
    bucket.pauseUntil(3000);
    expect(bucket.waitMs(1000)).toBe(4000);
    expect(bucket.waitMs(6000)).toBe(0);
  });

  test('the server never sees more than `requests` in any window, whatever each request takes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 100 })), { maxLength: 40 }),
        (requests, perMs, requestShapes) => {
          // One request at a time from the caller's side; each arrives at the server `delay` after its start and
          // is answered `rest` later. The server counts arrivals.
          const bucket = new RouteBucket({ requests, perMs });
          const arrivals: number[] = [];
          let now = 0;
          for (const [gap, delay, rest] of requestShapes) {
            now += gap;
            now += bucket.waitMs(now);
            const answered = bucket.start();
            arrivals.push(now + delay);
            now += delay + rest;
            answered(now);
          }
          for (const at of arrivals) {
            expect(arrivals.filter((a) => a > at - perMs && a <= at).length).toBeLessThanOrEqual(requests);
          }
        },
      ),
    );
  });

  test('a 429 without Retry-After pauses exponentially from the first delay and halves the rate once per burst', () => {
    const bucket = new RouteBucket({ requests: 100, perMs: 60_000 });
    for (let i = 0; i < 40; i++) bucket.start()(10);
    expect(bucket.throttle(0, 20, undefined, noJitter)).toBe(1000);
    expect(bucket.allowed).toBe(50);
    // A second 429 for a request sent before the cut: longer pause, no second cut.
    expect(bucket.throttle(5, 30, undefined, noJitter)).toBe(2000);
    expect(bucket.allowed).toBe(50);
    expect(bucket.waitMs(40)).toBe(1990);
    bucket.succeeded();
    expect(bucket.throttle(50, 3000, undefined, noJitter)).toBe(1000);
  });

  test('Retry-After sets the pause; the rate recovers a tenth of the limit per quiet window, up to the limit', () => {
    const bucket = new RouteBucket({ requests: 100, perMs: 1000 });
    expect(bucket.throttle(0, 0, 60_000, noJitter)).toBe(60_000);
    expect(bucket.allowed).toBe(50);
    expect(bucket.waitMs(1000)).toBe(59_000);
    bucket.waitMs(3000);
    expect(bucket.allowed).toBe(80);
    bucket.waitMs(60_000);
    expect(bucket.allowed).toBe(100);
  });

  test('without a known limit a 429 sets one from the rate of the last second', () => {
    const bucket = new RouteBucket(undefined);
    expect(bucket.allowed).toBeUndefined();
    for (let i = 0; i < 30; i++) bucket.start()(500 + i);
    bucket.throttle(600, 900, undefined, noJitter);
    expect(bucket.allowed).toBe(15);
    expect(bucket.windowMs).toBe(1000);
  });

  test('rejects a throttle that allows nothing', () => {
    expect(() => new RouteBucket({ requests: 0, perMs: 1000 })).toThrow(RangeError);
  });
});

describe('RateGate', () => {
  test('routes match by method and path, a * rule is one bucket for its paths, the rest share one', () => {
    const gate = new RateGate({
      routes: [
        { route: 'POST /v1/mgmt/group/all', requests: 5, perMs: 60_000 },
        { route: '/scim/v2/*', requests: 3, perMs: 60_000 },
      ],
      other: { requests: 7, perMs: 60_000 },
    });
    expect(gate.bucketFor('POST', '/v1/mgmt/group/all').allowed).toBe(5);
    expect(gate.bucketFor('GET', '/v1/mgmt/group/all').allowed).toBe(7);
    expect(gate.bucketFor('PATCH', '/scim/v2/Groups/g1')).toBe(gate.bucketFor('GET', '/scim/v2/Groups'));
    expect(gate.bucketFor('POST', '/v2/mgmt/user/search')).toBe(gate.bucketFor('POST', '/v1/mgmt/group/members'));
    expect(() => new RateGate({ routes: [{ route: 'group/all', requests: 1, perMs: 1 }] })).toThrow(RangeError);
  });
});

describe('RequestLimiter', () => {
  test('grants slots in order and never more than maxInFlight', async () => {
    const limiter = new RequestLimiter(2);
    const order: number[] = [];
    let open = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        limiter.run(async () => {
          order.push(i);
          open += 1;
          most = Math.max(most, open);
          await sleep(1);
          open -= 1;
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(2);
    expect(limiter.inFlight).toBe(0);
  });

  test('an aborted waiter leaves the queue and its reason is thrown; releasing twice frees one slot', async () => {
    const limiter = new RequestLimiter(1);
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    release();
    release();
    const releaseNext = await next;
    expect(limiter.inFlight).toBe(1);
    releaseNext();
    expect(limiter.inFlight).toBe(0);
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('rejects a limit below 1', () => {
    expect(() => new RequestLimiter(0)).toThrow(RangeError);
  });
});
