import { describe, expect, test } from 'vitest';
import { findCycles, readImportGraph } from '../support/import-graph.js';

// The dependency rule of docs/architecture.md, checked over src/ as it is on disk.
const graph = readImportGraph(process.cwd(), 'src');

/** The layer of a resolved import: `plan` for src/plan/…, `errors.ts` for src/errors.ts, else the specifier. */
const layerOf = (target: string): string => (target.startsWith('src/') ? target.split('/')[1]! : target);

function importsOf(folder: string): { file: string; target: string }[] {
  return graph.files
    .filter((file) => file.startsWith(`src/${folder}/`))
    .flatMap((file) => (graph.imports.get(file) ?? []).map((target) => ({ file, target })));
}

const offending = (folder: string, allowed: (target: string) => boolean): string[] =>
  importsOf(folder)
    .filter(({ target }) => !allowed(target))
    .map(({ file, target }) => `${file} imports ${target}`);

describe('architecture', () => {
  test('the graph sees the source tree', () => {
    expect(graph.files).toContain('src/plan/compute.ts');
    expect(graph.imports.get('src/plan/compute.ts')).toContain('src/model/types.ts');
  });

  test.each(['plan', 'model'])('%s/ imports only model/, errors, util/ and node:crypto', (folder) => {
    const allowed = new Set(['plan', 'model', 'errors.ts', 'util', 'node:crypto']);
    const own = (target: string): boolean => layerOf(target) === folder || allowed.has(layerOf(target));
    expect(offending(folder, own)).toEqual([]);
  });

  test('http/ imports nothing from providers/ or model/, nor any other layer but errors and util/', () => {
    const allowed = (target: string): boolean => !target.startsWith('src/') || ['http', 'errors.ts', 'util'].includes(layerOf(target));
    expect(offending('http', allowed)).toEqual([]);
  });

  test('outside http/, the client is reached only through src/http/index.ts', () => {
    const deep = graph.files
      .filter((file) => !file.startsWith('src/http/'))
      .flatMap((file) => (graph.imports.get(file) ?? []).filter((target) => target.startsWith('src/http/') && target !== 'src/http/index.ts').map((target) => `${file} imports ${target}`));
    expect(deep).toEqual([]);
  });

  test('no layer but cli/ imports cli/', () => {
    const inward = graph.files
      .filter((file) => !file.startsWith('src/cli/'))
      .flatMap((file) => (graph.imports.get(file) ?? []).filter((target) => layerOf(target) === 'cli').map((target) => `${file} imports ${target}`));
    expect(inward).toEqual([]);
  });

  test('no import cycles', () => {
    expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  test('the cycle finder finds a cycle', () => {
    const imports = new Map([
      ['src/a.ts', ['src/b.ts']],
      ['src/b.ts', ['src/c.ts', 'node:fs']],
      ['src/c.ts', ['src/a.ts']],
    ]);
    expect(findCycles({ files: [...imports.keys()], imports })).toEqual([['src/a.ts', 'src/b.ts', 'src/c.ts']]);
  });
});
