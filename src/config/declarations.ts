import { type Diagnostic, errorAt, formatPlace } from '../errors.js';
import type { SourceRef } from '../model/types.js';
import { isRecord } from './raw.js';
import { compileGlob } from './select.js';
import { type ConfigTree, entryPlaces, itemPlaces, keyOf } from './tree.js';

export interface SetDeclaration {
  name: string;
  tree: ConfigTree;
  /** The list as written; entries of another type are left to the schema check. */
  entries: unknown;
  at: SourceRef;
}

export interface TemplateDeclaration {
  name: string;
  tree: ConfigTree;
  body: Record<string, unknown>;
  at: SourceRef;
  /** The template's own tenant globs, compiled. */
  globs: { glob: string; matches: (tenantId: string) => boolean }[];
}

export interface Declarations {
  sets: Map<string, SetDeclaration>;
  templates: Map<string, TemplateDeclaration>;
  diagnostics: Diagnostic[];
}

/** The `sets` and `templates` of every file of a config set; a name declared twice is an error naming both. */
export function collectDeclarations(trees: readonly ConfigTree[]): Declarations {
  const diagnostics: Diagnostic[] = [];
  const sets = new Map<string, SetDeclaration>();
  const templates = new Map<string, TemplateDeclaration>();
  for (const tree of trees) {
    if (!isRecord(tree.data)) continue;
    eachEntry(tree, tree.data.sets, (name, entries, at) => {
      const first = sets.get(name);
      if (first === undefined) sets.set(name, { name, tree, entries, at });
      else diagnostics.push(errorAt(at, 'SET_DUPLICATE', `set "${name}" is also declared at ${formatPlace(first.at)}`));
    });
    eachEntry(tree, tree.data.templates, (name, body, at) => {
      if (!isRecord(body)) return;
      const first = templates.get(name);
      if (first !== undefined) {
        diagnostics.push(errorAt(at, 'TEMPLATE_DUPLICATE', `template "${name}" is also declared at ${formatPlace(first.at)}`));
        return;
      }
      const globs = Array.isArray(body.tenants) ? body.tenants.filter((g): g is string => typeof g === 'string') : [];
      templates.set(name, { name, tree, body, at, globs: globs.map((glob) => ({ glob, matches: compileGlob(glob) })) });
    });
  }
  return { sets, templates, diagnostics };
}

function eachEntry(tree: ConfigTree, mapping: unknown, visit: (name: string, value: unknown, at: SourceRef) => void): void {
  if (!isRecord(mapping)) return;
  const places = entryPlaces(tree, mapping);
  for (const [name, value] of Object.entries(mapping)) visit(name, value, keyOf(tree, places.get(name)));
}

/** The places of a list's items, or none when the value is not a list. */
export function listWithPlaces(tree: ConfigTree, value: unknown): { items: readonly unknown[]; places: readonly SourceRef[] } {
  return Array.isArray(value) ? { items: value, places: itemPlaces(tree, value) } : { items: [], places: [] };
}

/** `a, b, c` or `a, b, c and 7 more`; for naming what is declared in an "unknown" message. */
export function nameSome(names: Iterable<string>, shown = 8): string {
  const all = [...names].sort();
  if (all.length === 0) return 'none';
  const list = all.slice(0, shown).map((n) => `"${n}"`).join(', ');
  return all.length > shown ? `${list} and ${all.length - shown} more` : list;
}
