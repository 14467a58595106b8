import type { FaultKind } from './options.js';

/** mulberry32: tiny, fast and good enough to spread faults; the same seed gives the same sequence. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultPicker = () => FaultKind | undefined;

/**
 * Every request draws twice whatever the outcome, so the n-th request's fate depends only on n and the seed,
 * not on earlier outcomes: a run's fault counts are exact for a given seed and request count.
 */
export function createFaultPicker(rate: number, faults: readonly FaultKind[], seed: number): FaultPicker {
  const random = createRandom(seed);
  return () => {
    const hit = random();
    const which = random();
    if (rate <= 0 || faults.length === 0 || hit >= rate) return undefined;
    return faults[Math.min(faults.length - 1, Math.floor(which * faults.length))];
  };
}
