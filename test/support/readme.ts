import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

export const WALKTHROUGH = '## From import to the first merged change';

/** The README's walkthrough: its code blocks in order, each with its language. */
export async function walkthroughBlocks(): Promise<{ lang: string; lines: string[] }[]> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(WALKTHROUGH);
  const section = readme.slice(start, readme.indexOf('\n## ', start + WALKTHROUGH.length));
  // Blocks inside a list item are indented like it: that indent goes, the block's own stays.
  return [...section.matchAll(/^( *)```(\w+)\n([\s\S]*?)^ *```/gm)].map((m) => ({
    lang: m[2] ?? '',
    lines: (m[3] ?? '').split('\n').map((l) => l.slice((m[1] ?? '').length).trimEnd()).filter((l) => l !== ''),
  }));
}

/** A shell line without its trailing comment or `&`. */
export const withoutComment = (line: string): string => line.replace(/\s+#.*$/, '').replace(/\s*&$/, '');

/** Where a path the README names inside the installed package (`node_modules/groupform/…`) is in this checkout. */
export const inCheckout = (path: string): string => join(repoRoot, path.replace(/^node_modules\/groupform\//, ''));
