import { resolve } from 'node:path';

// `version` is not among them: docker-compose files have one too.
const OWN_KEYS = ['provider', 'defaults', 'tenants', 'sets', 'templates'];
const TOP_LEVEL_KEY = /^(?:"([^"]+)"|'([^']+)'|([^\s#'"{[\-][^:#]*?))\s*:(?:\s|$)/gm;

/**
 * Whether a YAML text has keys at column 0 (a flow or non-map document has none by this reading) and none of
 * them ours. The scan stops at the first key of ours: a config's first key usually is one.
 */
function plainlyNotOurs(text: string): boolean {
  let keys = false;
  for (const match of text.matchAll(TOP_LEVEL_KEY)) {
    if (OWN_KEYS.includes(match[1] ?? match[2] ?? match[3] ?? '')) return false;
    keys = true;
  }
  return keys;
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
    // A file named on the command line is not scanned at all (a config may be tens of megabytes).
    const unrelated = !explicit.has(resolve(cwd, text.file)) && plainlyNotOurs(text.text);
    (unrelated ? skipped : kept).push(text);
  }
  return { kept, skipped: skipped.map((t) => t.file) };
}
