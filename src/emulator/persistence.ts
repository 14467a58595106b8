import { access, rename, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { EmulatorState } from './state.js';

/** Writes `text` so that a reader sees the old file or the new one, never half of one. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export interface StatePersister {
  /** Call after a request; writes soon if the state changed since the last write. */
  noteRequestDone(): void;
  /** Writes now if anything is unwritten and waits for it. */
  flush(): Promise<void>;
}

/** Coalesces bursts of writes into one file write each `debounceMs`; one write in flight at a time. */
export function createStatePersister(
  state: EmulatorState,
  path: string,
  onError: (error: unknown) => void,
  debounceMs = 20,
): StatePersister {
  let writtenVersion = state.version;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const writeNow = (): Promise<void> => {
    timer = undefined;
    writing = writing.then(async () => {
      if (state.version === writtenVersion) return;
      const version = state.version;
      try {
        await writeFileAtomic(path, `${JSON.stringify(state.toSnapshot(), null, 2)}\n`);
        writtenVersion = version;
      } catch (error) {
        onError(error);
      }
    });
    return writing;
  };

  return {
    noteRequestDone() {
      if (state.version !== writtenVersion && timer === undefined) timer = setTimeout(() => void writeNow(), debounceMs);
    },
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      await writeNow();
    },
  };
}
