import { createHash } from 'node:crypto';
import { compareStrings } from '../model/normalize.js';

const UNSAFE = /[^A-Za-z0-9._-]/g;

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * tenantId -> `<tenantId>.yaml`, safe on every file system. An id that had to be changed (a `/`, a leading
 * dot, ...) or that would clash with another on a case-insensitive file system gets a short hash of the id, so
 * two tenants never share a file.
 */
export function tenantFileNames(tenantIds: readonly string[]): Map<string, string> {
  const stems = new Map<string, string>();
  for (const id of [...tenantIds].sort(compareStrings)) {
    // A leading dot hides the file, a leading dash reads as an option in shell commands.
    const safe = id.replace(UNSAFE, '_').replace(/^[.-]/, '_') || 'tenant';
    stems.set(id, safe === id ? safe : `${safe}-${shortHash(id)}`);
  }
  const byFolded = new Map<string, string[]>();
  for (const [id, stem] of stems) byFolded.set(stem.toLowerCase(), [...(byFolded.get(stem.toLowerCase()) ?? []), id]);
  const names = new Map<string, string>();
  for (const [id, stem] of stems) {
    const clash = (byFolded.get(stem.toLowerCase())?.length ?? 0) > 1;
    names.set(id, `${clash ? `${stem}-${shortHash(id)}` : stem}.yaml`);
  }
  return names;
}
