import type { OutputStream } from './io.js';

export interface StatusLine {
  update(text: string): void;
  clear(): void;
}

/** One line redrawn in place on a terminal; silent elsewhere, so logs and pipes stay clean. */
export function createStatusLine(stream: OutputStream, minIntervalMs = 80): StatusLine {
  if (stream.isTTY !== true) return { update: () => {}, clear: () => {} };
  let shown = false;
  let last = 0;
  return {
    update(text) {
      const now = Date.now();
      if (now - last < minIntervalMs) return;
      last = now;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      stream.write(`\r\x1b[2K${text.slice(0, width)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
