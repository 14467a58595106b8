import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RequestLimiter } from '../../../src/providers/http.js';
import { RateGate, sleep } from '../../../src/providers/http/throttle.js';

describe('RateGate', () => {
  test('a sliding window of 2 per 1000 ms', () => {
    const gate = new RateGate({ requests: 2, perMs: 1000 });
    expect(gate.waitMs(0)).toBe(0);
    gate.recordStart(0);
    gate.recordStart(100);
    expect(gate.waitMs(200)).toBe(800);
    expect(gate.waitMs(1000)).toBe(0);
    gate.recordStart(1000);
    expect(gate.waitMs(1000)).toBe(100);
  });

  test('a pause holds back every request, throttled or not', () => {
    const gate = new RateGate(undefined);
    gate.recordStart(0);
    expect(gate.waitMs(0)).toBe(0);
    gate.pauseUntil(5000);
    gate.pauseUntil(3000);
    expect(gate.waitMs(1000)).toBe(4000);
    expect(gate.waitMs(6000)).toBe(0);
  });

  test('never more than `requests` starts in any window, when callers start once waitMs is 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 500 }), fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 40 }), (requests, perMs, gaps) => {
        const gate = new RateGate({ requests, perMs });
        const starts: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          now += gate.waitMs(now);
          gate.recordStart(now);
          starts.push(now);
        }
        for (const start of starts) {
          expect(starts.filter((s) => s > start - perMs && s <= start).length).toBeLessThanOrEqual(requests);
        }
      }),
    );
  });

  test('rejects a throttle that allows nothing', () => {
    expect(() => new RateGate({ requests: 0, perMs: 1000 })).toThrow(RangeError);
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
