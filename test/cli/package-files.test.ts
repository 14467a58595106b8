import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith('.js') ? [path] : [];
  });
}

describe('the published package', () => {
  it('ships every file the built CLI imports (package.json "files")', () => {
    const { files } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
    const shipped = (path: string): boolean => files.some((entry) => path === entry || path.startsWith(`${entry}/`));
    const missing = new Set<string>();
    for (const file of jsFiles(join(repoRoot, 'dist', 'src'))) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = relative(repoRoot, resolve(dirname(file), specifier!));
        if (!shipped(target)) missing.add(`${relative(repoRoot, file)} imports ${target}`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
