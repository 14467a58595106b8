import type { OutputStream } from './io.js';

export interface StatusLine {
  /** Redraws the line; `force` draws even within the minimum interval (e.g. right after a printed failure). */
  update(text: string, force?: boolean): void;
  clear(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

/** How often a run without a terminal says where it is: CI logs show life, without a line per request. */
export const HEARTBEAT_MS = 30_000;

/**
 * One line redrawn in place on a terminal. Elsewhere (CI logs, pipes) the latest text is printed as its own
 * line at a steady interval while the work lasts, so a long run is visibly alive and a short one prints nothing.
 */
export function createStatusLine(stream: OutputStream, minIntervalMs = 80, enabled = stream.isTTY === true, heartbeatMs = HEARTBEAT_MS): StatusLine {
  if (!enabled) return heartbeatLine(stream, heartbeatMs);
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

function heartbeatLine(stream: OutputStream, everyMs: number): StatusLine {
  let latest: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    update(text) {
      latest = text;
      timer ??= setInterval(() => {
        if (latest !== undefined) stream.write(`${latest}\n`);
      }, everyMs).unref();
    },
    clear() {
      clearInterval(timer);
      timer = undefined;
      latest = undefined;
    },
  };
}
