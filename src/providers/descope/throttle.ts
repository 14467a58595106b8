import type { Throttle } from '../http.js';
import { RateGate, sleep } from '../http/throttle.js';

/**
 * One throttle for every client of a Descope provider: Descope counts its limits per IP and per project
 * (PROVIDERS.md), while an HttpClient's own throttle covers only that client, and a run has one management
 * client plus one SCIM client per tenant, all on the same host.
 */
export class SharedThrottle {
  readonly #gate: RateGate;
  constructor(throttle: Throttle | undefined) {
    this.#gate = new RateGate(throttle);
  }

  async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      const waitMs = this.#gate.waitMs(now);
      if (waitMs === 0) {
        this.#gate.recordStart(now);
        return;
      }
      await sleep(waitMs, signal);
    }
  }
}
