import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SharedThrottle } from '../../../src/providers/descope/throttle.js';

describe('SharedThrottle', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('lets a burst of `requests` start at once, then one more per freed slot of the window', async () => {
    const throttle = new SharedThrottle({ requests: 2, perMs: 60_000 });
    await throttle.wait();
    await throttle.wait();
    let third = false;
    const waiting = throttle.wait().then(() => (third = true));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(third).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(third).toBe(true);
  });

  it('never waits without a throttle, and stops waiting when aborted', async () => {
    const open = new SharedThrottle(undefined);
    for (let i = 0; i < 1000; i++) await open.wait();
    const throttle = new SharedThrottle({ requests: 1, perMs: 60_000 });
    await throttle.wait();
    const controller = new AbortController();
    const waiting = throttle.wait(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});
