// STUB (issue 4): signatures fixed; implementation in progress.
import type { OutputStream } from '../cli/io.js';

export class ApplyProgress {
  constructor(
    readonly stream: OutputStream,
    readonly options: { color: boolean; interactive: boolean },
  ) {}
  finish(): void {}
}
