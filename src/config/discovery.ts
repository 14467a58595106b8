import { resolve } from 'node:path';

// `version` is not among them: docker-compose files have one too.
const OWN_KEYS = ['provider', 'defaults', 'tenants', 'sets', 'templates'];
const TOP_LEVEL_KEY = /^(?:"([^"]+)"|'([^']+)'|([^\s#'"{[\-][^:#]*?))\s*:(?:\s|$)/gm;

/** The keys at column 0 of a YAML text; a flow or non-map document has none by this reading. */
function topLevelKeys(text: string): string[] {
  return [...text.matchAll(TOP_LEVEL_KEY)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/**
 * Files found by walking a directory that are plainly not groupform's (docker-compose.yml, mkdocs.yml: top-level
 * keys, none of ours) are left out, so `groupform validate .` works at a repository root. A file named on the
 * command line, or one without any top-level key, is always read (and its errors reported).
 */
export function withoutUnrelatedYaml<T extends { file: string; text: string }>(texts: readonly T[], named: readonly string[], cwd: string): { kept: T[]; skipped: string[] } {
  const explicit = new Set(named.map((path) => resolve(cwd, path)));
  const kept: T[] = [];
  const skipped: T[] = [];
  for (const text of texts) {
    const keys = topLevelKeys(text.text);
    const unrelated = !explicit.has(resolve(cwd, text.file)) && keys.length > 0 && !keys.some((key) => OWN_KEYS.includes(key));
    (unrelated ? skipped : kept).push(text);
  }
  return { kept, skipped: skipped.map((t) => t.file) };
}
