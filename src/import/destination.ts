import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { GroupformError } from '../errors.js';
import { compareStrings } from '../model/normalize.js';
import { tenantFileNames } from './file-names.js';

export type ImportDestination = { kind: 'stdout' } | { kind: 'file'; path: string } | { kind: 'dir'; path: string };

/** One output text to produce: `path` as the user will read it (undefined: stdout), `dir` absolute. */
export interface ImportOutput {
  path?: string;
  dir: string;
  tenantIds: string[];
}

async function kindOf(path: string): Promise<'dir' | 'file' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

/** `--out` names a directory when it is one, or ends with a slash; anything else is a file. */
export async function resolveDestination(out: string | undefined, cwd: string): Promise<ImportDestination> {
  if (out === undefined || out === '-') return { kind: 'stdout' };
  const endsWithSlash = out.endsWith('/') || out.endsWith(sep);
  return endsWithSlash || (await kindOf(resolve(cwd, out))) === 'dir' ? { kind: 'dir', path: out } : { kind: 'file', path: out };
}

/** Stdout and one file take every tenant; a directory takes one file per tenant. */
export function planOutputs(tenantIds: readonly string[], destination: ImportDestination, cwd: string, stdoutDir: string): ImportOutput[] {
  const sorted = [...tenantIds].sort(compareStrings);
  switch (destination.kind) {
    case 'stdout':
      return [{ dir: stdoutDir, tenantIds: sorted }];
    case 'file':
      return [{ path: destination.path, dir: dirname(resolve(cwd, destination.path)), tenantIds: sorted }];
    case 'dir': {
      const names = tenantFileNames(sorted);
      const dir = resolve(cwd, destination.path);
      return sorted.map((id) => ({ path: join(destination.path, names.get(id) ?? `${id}.yaml`), dir, tenantIds: [id] }));
    }
  }
}

/**
 * Like `terraform plan -generate-config-out`, import never overwrites: a file that exists may hold edits. Checked
 * before anything is loaded or written.
 */
export async function refuseExistingOutputs(outputs: readonly ImportOutput[], cwd: string): Promise<void> {
  const existing: string[] = [];
  for (const output of outputs) {
    if (output.path !== undefined && (await kindOf(resolve(cwd, output.path))) !== 'missing') existing.push(output.path);
  }
  if (existing.length > 0) {
    throw new GroupformError('IMPORT_OUT_EXISTS', 'import does not overwrite files; remove or move them first, or pass another --out:', { list: existing });
  }
}

export async function createOutputDir(destination: ImportDestination, cwd: string): Promise<void> {
  if (destination.kind === 'stdout') return;
  const dir = destination.kind === 'dir' ? resolve(cwd, destination.path) : dirname(resolve(cwd, destination.path));
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new GroupformError('FILE_UNWRITABLE', `cannot create ${dir}: ${String((error as NodeJS.ErrnoException).code ?? error)}`);
  }
}
