import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Diagnostic } from '../errors.js';
import type { SourceRef } from '../model/types.js';
import { errorAt, formatPlace } from './diagnostic.js';
import { interpolate } from './interpolate.js';
import { matchesPath, pointer, type Path } from './paths.js';
import { keyText, type YamlSource } from './read-yaml.js';
import { checkSecretSource, isSecretPath } from './secrets.js';

export interface Place {
  /** Where the key of a mapping entry is; absent for list items and the root. */
  key?: SourceRef;
  value: SourceRef;
}

/** One file as plain data after interpolation, with the place of every value (by JSON pointer). */
export interface ConfigTree {
  file: string;
  data: unknown;
  places: Map<string, Place>;
  /** Pointers already reported (failed interpolation, literal secret): schema errors there would repeat them. */
  reported: Set<string>;
  /** Pointer -> `${NAME}` for secrets taken from the environment. */
  secretOrigins: Map<string, string>;
  diagnostics: Diagnostic[];
}

// Plain scalars YAML reads as numbers or booleans, where the schema wants text (an `externalId: 123`, a login
// id `+15551234`): keep what was written.
const TEXT_PATHS: readonly (readonly string[])[] = [
  ['provider', 'projectId'],
  ['provider', 'baseUrl'],
  ['tenants', '*', 'groups', '*', 'externalId'],
  ['tenants', '*', 'groups', '*', 'previously', '*'],
  ['tenants', '*', 'groups', '*', 'members', '*'],
  ['tenants', '*', 'groups', '*', 'members', '*', 'userId'],
];

export function toConfigTree(source: YamlSource, env: NodeJS.ProcessEnv): ConfigTree {
  const tree: ConfigTree = {
    file: source.file,
    data: undefined,
    places: new Map(),
    reported: new Set(),
    secretOrigins: new Map(),
    diagnostics: [],
  };
  const converter = new Converter(source, env, tree);
  const root = source.doc.contents;
  // An empty file (or one holding only comments) declares nothing.
  tree.data = root === null ? {} : converter.convert(root, [], undefined);
  return tree;
}

class Converter {
  readonly #visiting = new Set<Node>();
  constructor(
    readonly source: YamlSource,
    readonly env: NodeJS.ProcessEnv,
    readonly tree: ConfigTree,
  ) {}

  convert(node: unknown, path: Path, key: SourceRef | undefined): unknown {
    const start = rangeStart(node);
    // `key:` with nothing after it has an empty value, placed after the line break: use the key's place.
    const empty = start === undefined || (node as { range: number[] }).range[1] === start;
    const at = empty && key !== undefined ? key : this.source.refAt(start);
    this.tree.places.set(pointer(path), key === undefined ? { value: at } : { key, value: at });
    if (isAlias(node)) return this.convertAlias(node, path, key);
    if (isMap(node)) return this.convertMap(node.items, path);
    if (isSeq(node)) return node.items.map((item, i) => this.convert(item, [...path, i], undefined));
    if (isScalar(node)) return this.convertScalar(node, path, at);
    return null;
  }

  private convertAlias(node: { resolve(doc: Document): Node | undefined }, path: Path, key: SourceRef | undefined): unknown {
    const target = node.resolve(this.source.doc);
    if (target === undefined || this.#visiting.has(target)) return null;
    this.#visiting.add(target);
    try {
      const value = this.convert(target, path, key);
      // The alias's own place, not the anchor's, is where this value is used.
      const at = this.source.refAt(rangeStart(node));
      this.tree.places.set(pointer(path), key === undefined ? { value: at } : { key, value: at });
      return value;
    } finally {
      this.#visiting.delete(target);
    }
  }

  private convertMap(pairs: readonly { key: unknown; value: unknown }[], path: Path): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Map<string, SourceRef>();
    for (const pair of pairs) {
      const keyAt = this.source.refAt(rangeStart(pair.key));
      const name = keyText(pair.key);
      if (name === undefined) {
        this.report(keyAt, 'INVALID_KEY', 'a key must be plain text, not a list or mapping');
        continue;
      }
      const first = seen.get(name);
      if (first !== undefined) {
        this.report(keyAt, 'DUPLICATE_KEY', `key "${name}" is also declared at ${formatPlace(first)}`);
        continue;
      }
      seen.set(name, keyAt);
      // Object.defineProperty: a key named __proto__ is data like any other.
      Object.defineProperty(result, name, {
        value: this.convert(pair.value ?? null, [...path, name], keyAt),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }

  private convertScalar(node: { value: unknown; source?: string; type?: string | undefined; range?: unknown }, path: Path, at: SourceRef): unknown {
    const raw = node.value;
    if (isSecretPath(path)) {
      const problem = checkSecretSource(raw, String(path[path.length - 1]));
      if (problem !== undefined) {
        this.report(at, 'LITERAL_SECRET', problem);
        this.tree.reported.add(pointer(path));
        return '';
      }
    }
    if (typeof raw !== 'string') {
      const asText = node.type === 'PLAIN' && (typeof raw === 'number' || typeof raw === 'boolean') && TEXT_PATHS.some((p) => matchesPath(path, p));
      return asText ? (node.source ?? String(raw)) : raw;
    }
    const result = interpolate(raw, this.env, { secret: isSecretPath(path) });
    if (result.problems.length > 0) {
      const offsets = this.expressionOffsets(node.range, raw);
      for (const problem of result.problems) {
        this.report(this.source.refAt(offsets.get(problem.index) ?? rangeStart(node)), problem.code, problem.message);
      }
      this.tree.reported.add(pointer(path));
    }
    if (isSecretPath(path) && result.expressions[0] !== undefined) {
      this.tree.secretOrigins.set(pointer(path), `\${${result.expressions[0].name}}`);
    }
    return result.value;
  }

  /**
   * Maps an index of `${` in a scalar's value to its offset in the file. A plain scalar's value is its source,
   * but quotes, escapes and folding shift it, so the k-th `${` of the value is matched to the k-th of the source.
   */
  private expressionOffsets(range: unknown, value: string): Map<number, number> {
    const offsets = new Map<number, number>();
    if (!Array.isArray(range) || typeof range[0] !== 'number' || typeof range[1] !== 'number') return offsets;
    const start = range[0];
    const inValue = dollarBraces(value);
    const inSource = dollarBraces(this.source.text.slice(start, range[1]));
    inValue.forEach((index, k) => {
      const at = inSource[k];
      offsets.set(index, start + (inValue.length === inSource.length && at !== undefined ? at : 0));
    });
    return offsets;
  }

  private report(at: SourceRef, code: string, message: string): void {
    this.tree.diagnostics.push(errorAt(at, code, message));
  }
}

/** Indices of `${` that start an expression (not the `${` of a literal `$${`). */
function dollarBraces(text: string): number[] {
  const found: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text.startsWith('$${', i)) i += 2;
    else if (text.startsWith('${', i)) found.push(i);
  }
  return found;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: unknown } | null)?.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}
