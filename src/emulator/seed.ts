import { readFile } from 'node:fs/promises';
import { parseSnapshot, type Snapshot } from '../config/snapshot.js';
import { GroupformError } from '../errors.js';

export async function readSeedFile(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new GroupformError('EMULATOR_SEED', `cannot read the emulator seed ${file}: ${reason}`, { cause: error });
  }
  return parseSnapshot(text, file);
}

export async function loadSeed(seed: Snapshot | string | undefined): Promise<Snapshot> {
  if (seed === undefined) return { tenants: {} };
  if (typeof seed === 'string') return readSeedFile(seed);
  return seed;
}
