import { chmod, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
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

/**
 * Writes through a temporary file and a rename, so a reader never sees half a file. An existing file keeps what
 * is not its text: a symlink stays a link (the file it points to is rewritten) and the mode stays as it was.
 */
export async function writeFileAtomic(io: CommandIo, path: string, text: string): Promise<void> {
  const target = await followLinks(resolve(io.cwd, path));
  const mode = await stat(target).then((info) => info.mode & 0o7777, () => undefined);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, text, 'utf8');
    // chmod rather than writeFile's mode option, which the umask narrows.
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new GroupformError('FILE_UNWRITABLE', `cannot write ${path}: ${String(code ?? error)}`);
  }
}

/** The file a path names once symlinks are followed; the path itself when nothing exists there yet. */
async function followLinks(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}
