export type Release = () => void;

/** A counting semaphore: at most `limit` holders at once, served first come first served. */
export function createSlots(limit: number): { acquire(): Promise<Release> } {
  let free = Math.max(1, limit);
  const waiting: ((release: Release) => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next === undefined) free += 1;
    else next(once(release));
  };
  return {
    acquire() {
      if (free > 0) {
        free -= 1;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

function once(fn: () => void): Release {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}
