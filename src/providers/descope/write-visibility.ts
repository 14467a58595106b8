import { sleep } from '../../http/index.js';

// Descope's management API may show a SCIM write seconds later (its own .NET integration tests wait about 6 s
// and retry), so a read right after a write is asked again with backoff for this long before it counts as no.
export const DEFAULT_WRITE_VISIBILITY_SECONDS = 15;
const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

/** Asks `check` until it holds, with backoff, for at most `waitMs`; false when the time ran out first. */
export async function waitUntil(check: () => Promise<boolean>, waitMs: number, signal?: AbortSignal): Promise<boolean> {
  const started = performance.now();
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    if (await check()) return true;
    const left = waitMs - (performance.now() - started);
    if (left <= 0) return false;
    await sleep(Math.min(delay, left), signal);
  }
}
