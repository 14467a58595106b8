import type { OutputStream } from './io.js';

export interface StatusLine {
  /** Redraws the line; `force` draws even within the minimum interval (e.g. right after a printed failure). */
  update(text: string, force?: boolean): void;
  clear(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

/** One line redrawn in place on a terminal; silent elsewhere, so logs and pipes stay clean. */
export function createStatusLine(stream: OutputStream, minIntervalMs = 80, enabled = stream.isTTY === true): StatusLine {
  if (!enabled) return { update: () => {}, clear: () => {} };
  let shown = false;
  let last = 0;
  return {
    update(text, force = false) {
      const now = Date.now();
      if (!force && shown && now - last < minIntervalMs) return;
      last = now;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      // Cut at whole characters, not UTF-16 units, so no half of a surrogate pair reaches the terminal.
      stream.write(`${CLEAR_LINE}${[...text].slice(0, width).join('')}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}
