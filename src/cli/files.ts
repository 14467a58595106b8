import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { GroupformError } from '../errors.js';
import type { CommandIo } from './io.js';

/** Reads a file named on the command line; a missing or unreadable file is a user error, not a crash. */
export async function readTextFile(io: CommandIo, path: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new GroupformError('FILE_UNREADABLE', `cannot read ${path}: ${why}`);
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export async function writeFileAtomic(io: CommandIo, path: string, text: string): Promise<void> {
  const target = resolve(io.cwd, path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GroupformError('FILE_UNWRITABLE', `cannot write ${path}: ${String(code ?? error)}`);
  }
}
