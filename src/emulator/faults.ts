import type { FaultKind } from './options.js';
import { createRandom } from '../util/random.js';

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
