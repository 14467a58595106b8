import type { HttpCounters } from './types.js';

export function createHttpCounters(): HttpCounters {
  return { requests: 0, throttled: 0, waits: 0, waitedMs: 0 };
}
