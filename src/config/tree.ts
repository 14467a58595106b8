import type { Diagnostic } from '../errors.js';
import type { SourceRef } from '../model/types.js';
import type { Path } from './paths.js';

export interface Place {
  /** Where the key of a mapping entry is; absent for list items and the root. */
  key?: SourceRef;
  value: SourceRef;
}

/**
 * One file as plain data after interpolation, with the place of every value. Places hang off the containers of
 * `data` (a mapping's entries by key, a list's items by index) rather than off JSON pointers, so reading the
 * place of the n-th member builds no string and walks no path.
 */
export interface ConfigTree {
  file: string;
  data: unknown;
  /** Absent for an empty file. */
  root?: Place;
  entries: Map<object, Map<string, Place>>;
  items: Map<readonly unknown[], SourceRef[]>;
  /** Pointers already reported (failed interpolation, literal secret): schema errors there would repeat them. */
  reported: Set<string>;
  /** Pointer -> `${NAME}` for secrets taken from the environment. */
  secretOrigins: Map<string, string>;
  diagnostics: Diagnostic[];
}

export function createTree(file: string): ConfigTree {
  return { file, data: {}, entries: new Map(), items: new Map(), reported: new Set(), secretOrigins: new Map(), diagnostics: [] };
}

/** The place of the value at `path`, or undefined when the data has nothing there. */
export function placeAt(tree: ConfigTree, path: Path): Place | undefined {
  let place = tree.root;
  let value = tree.data;
  for (const segment of path) {
    if (place === undefined) return undefined;
    if (Array.isArray(value)) {
      const index = Number(segment);
      const ref = tree.items.get(value)?.[index];
      place = ref === undefined ? undefined : { value: ref };
      value = value[index];
    } else if (typeof value === 'object' && value !== null) {
      const name = String(segment);
      place = tree.entries.get(value)?.get(name);
      value = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
    } else {
      return undefined;
    }
  }
  return place;
}

export function fileStart(tree: ConfigTree): SourceRef {
  return { file: tree.file, line: 1, column: 1 };
}

/** Where an entry is named: its key, else its value, else the file's start. */
export function keyOf(tree: ConfigTree, place: Place | undefined): SourceRef {
  return place?.key ?? place?.value ?? fileStart(tree);
}

export function keyAt(tree: ConfigTree, path: Path): SourceRef {
  return keyOf(tree, placeAt(tree, path));
}

/** Places of a list's items by index (a list of `data` always has them). */
export function itemPlaces(tree: ConfigTree, list: readonly unknown[]): readonly SourceRef[] {
  return tree.items.get(list) ?? [];
}

/** Places of a mapping's entries by key. */
export function entryPlaces(tree: ConfigTree, mapping: object): ReadonlyMap<string, Place> {
  return tree.entries.get(mapping) ?? new Map();
}
