import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GroupformError } from '../errors.js';
import { type DecodedText, decodeConfigBytes } from './encoding.js';
import { compareStrings } from '../model/normalize.js';

const DEFAULT_FILE = 'groupform.yaml';
const CONFIG_FILE = /\.ya?ml$/;

/**
 * The files of a config set, named as the user named them (a directory's files as `dir/sub/x.yaml`), sorted
 * and without repeats. With no path, ./groupform.yaml.
 */
export async function listConfigFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  if (paths.length === 0) {
    const found = await kindOf(cwd, DEFAULT_FILE);
    if (found !== 'file') {
      throw new GroupformError(
        'CONFIG_NOT_FOUND',
        `no ${DEFAULT_FILE} in ${cwd}: pass the config file or directory to read, e.g. \`groupform validate config/\``,
      );
    }
    return [DEFAULT_FILE];
  }
  const files = new Map<string, string>();
  for (const path of paths) {
    const kind = await kindOf(cwd, path);
    if (kind === 'missing') throw new GroupformError('CONFIG_NOT_FOUND', `${path} does not exist: pass a config file or a directory of *.yaml files`);
    if (kind === 'other') throw new GroupformError('CONFIG_UNREADABLE', `${path} is neither a file nor a directory`);
    const found = kind === 'file' ? [path] : await listDirectory(cwd, path);
    if (found.length === 0) throw new GroupformError('CONFIG_NOT_FOUND', `${path} holds no *.yaml or *.yml file`);
    for (const file of found) if (!files.has(resolve(cwd, file))) files.set(resolve(cwd, file), file);
  }
  return [...files.values()].sort(compareStrings);
}

// Hidden directories (.git, .github with its workflow *.yml) are never config.
async function listDirectory(cwd: string, dir: string): Promise<string[]> {
  const entries = await readdir(resolve(cwd, dir), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => compareStrings(a.name, b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const kind = entry.isSymbolicLink() ? await kindOf(cwd, path) : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
    if (kind === 'directory') found.push(...(await listDirectory(cwd, path)));
    else if (kind === 'file' && CONFIG_FILE.test(entry.name)) found.push(path);
  }
  return found;
}

async function kindOf(cwd: string, path: string): Promise<'file' | 'directory' | 'missing' | 'other'> {
  try {
    const info = await stat(resolve(cwd, path));
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new GroupformError('CONFIG_UNREADABLE', `cannot read ${path}: ${String((error as NodeJS.ErrnoException).code ?? error)}`);
  }
}

export async function readConfigFile(cwd: string, file: string): Promise<DecodedText> {
  try {
    return decodeConfigBytes(await readFile(resolve(cwd, file)), file);
  } catch (error) {
    throw new GroupformError('CONFIG_UNREADABLE', `cannot read ${file}: ${String((error as NodeJS.ErrnoException).code ?? error)}`);
  }
}
