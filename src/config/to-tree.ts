import { type Document, isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourceRef } from '../model/types.js';
import { errorAt, formatPlace } from '../errors.js';
import { pointer, type Path } from './paths.js';
import { keyText, type YamlSource } from './read-yaml.js';
import { convertScalar } from './scalar.js';
import { findControlCharacter, findKeyProblem, keyName } from './text-rules.js';
import { type ConfigTree, createTree, type Place } from './tree.js';

export function toConfigTree(source: YamlSource, env: NodeJS.ProcessEnv): ConfigTree {
  const tree = createTree(source.file);
  const root = source.doc.contents;
  // An empty file (or one holding only comments) declares nothing.
  if (root !== null) {
    const { value, place } = new Converter(source, env, tree).convert(root, [], undefined);
    tree.data = value;
    tree.root = place;
  }
  return tree;
}

// An alias copies its anchor's whole subtree; nested aliases multiply (the "billion laughs" file). Far more than
// any real config shares, far less than what hangs a plan job on a hostile pull request.
const MAX_ALIAS_EXPANSIONS = 10_000;

class Converter {
  readonly #visiting = new Set<Node>();
  #aliasExpansions = 0;
  constructor(
    readonly source: YamlSource,
    readonly env: NodeJS.ProcessEnv,
    readonly tree: ConfigTree,
  ) {}

  convert(node: unknown, path: Path, key: SourceRef | undefined): { value: unknown; place: Place } {
    const start = rangeStart(node);
    // `key:` with nothing after it has an empty value, placed after the line break: use the key's place.
    const empty = start === undefined || (node as { range: number[] }).range[1] === start;
    // An alias's own place, not the anchor's, is where its value is used.
    const at = empty && key !== undefined ? key : this.source.refAt(start);
    const place = key === undefined ? { value: at } : { key, value: at };
    return { value: this.convertNode(node, path, key, at), place };
  }

  private convertNode(node: unknown, path: Path, key: SourceRef | undefined, at: SourceRef): unknown {
    if (isAlias(node)) return this.convertAlias(node, path, key);
    if (this.reportUnknownTag(node)) {
      this.tree.reported.add(pointer(path));
      return null;
    }
    if (isMap(node)) return this.convertMap(node.items, path);
    if (isSeq(node)) {
      const refs: SourceRef[] = [];
      const list = node.items.map((item, i) => {
        const { value, place } = this.convert(item, [...path, i], undefined);
        refs.push(place.value);
        return value;
      });
      this.tree.items.set(list, refs);
      return list;
    }
    if (isScalar(node)) return this.convertScalar(node, path, at);
    return null;
  }

  private convertAlias(node: { resolve(doc: Document): Node | undefined }, path: Path, key: SourceRef | undefined): unknown {
    this.#aliasExpansions += 1;
    if (this.#aliasExpansions > MAX_ALIAS_EXPANSIONS) {
      if (this.#aliasExpansions === MAX_ALIAS_EXPANSIONS + 1) {
        const at = key ?? this.source.refAt(rangeStart(node));
        this.report(at, 'YAML_ALIAS', `aliases expand to more than ${MAX_ALIAS_EXPANSIONS} copies; write the values out instead`);
      }
      return null;
    }
    const target = node.resolve(this.source.doc);
    if (target === undefined || this.#visiting.has(target)) return null;
    this.#visiting.add(target);
    try {
      return this.convert(target, path, key).value;
    } finally {
      this.#visiting.delete(target);
    }
  }

  private convertMap(pairs: readonly { key: unknown; value: unknown }[], path: Path): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const places = new Map<string, Place>();
    for (const pair of pairs) {
      const keyAt = this.source.refAt(rangeStart(pair.key));
      const written = keyText(pair.key);
      if (written === undefined) {
        this.report(keyAt, 'INVALID_KEY', 'a key must be plain text, not a list or mapping');
        continue;
      }
      if (this.reportUnknownTag(pair.key)) continue;
      const problem = findKeyProblem(written);
      if (problem !== undefined) {
        this.report(this.source.refAt(this.offsetOf(rangeStart(pair.key), written, problem.index)), problem.code, problem.message);
        continue;
      }
      const name = keyName(written);
      const first = places.get(name);
      if (first !== undefined) {
        this.report(keyAt, 'DUPLICATE_KEY', `key "${name}" is also declared at ${formatPlace(first.key ?? first.value)}`);
        continue;
      }
      const { value, place } = this.convert(pair.value ?? null, [...path, name], keyAt);
      places.set(name, place);
      // Object.defineProperty: a key named __proto__ is data like any other.
      Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
    }
    this.tree.entries.set(result, places);
    return result;
  }

  private convertScalar(node: { value: unknown; source?: string; type?: string | undefined; range?: unknown }, path: Path, at: SourceRef): unknown {
    const raw = node.value;
    const control = typeof raw === 'string' ? findControlCharacter(raw, 'value') : undefined;
    if (control !== undefined) {
      this.report(this.source.refAt(this.offsetOf(rangeStart(node), raw as string, control.index)), control.code, control.message);
      this.tree.reported.add(pointer(path));
      return raw;
    }
    const plainSource = node.type === 'PLAIN' ? (node.source ?? String(raw)) : undefined;
    const result = convertScalar(raw, plainSource, path, this.env, this.tree.secretOrigins);
    if (result.literalSecret !== undefined) {
      this.report(at, 'LITERAL_SECRET', result.literalSecret);
      this.tree.reported.add(pointer(path));
    } else if (result.problems.length > 0 && typeof raw === 'string') {
      const offsets = this.expressionOffsets(node.range, raw);
      for (const problem of result.problems) {
        this.report(this.source.refAt(offsets.get(problem.index) ?? rangeStart(node)), problem.code, problem.message);
      }
      this.tree.reported.add(pointer(path));
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

  /**
   * The offset of a character of a scalar's text in the file: exact where the text is written as it is (plain, or
   * quoted without escapes), else the scalar's start.
   */
  private offsetOf(start: number | undefined, text: string, index: number): number | undefined {
    if (start === undefined) return undefined;
    const source = this.source.text;
    if (source.startsWith(text, start)) return start + index;
    if (source.startsWith(text, start + 1)) return start + 1 + index;
    return start;
  }

  /** Reports a tag other than YAML's core ones (`!include`, `!!js/function`): nothing may read a file differently. */
  private reportUnknownTag(node: unknown): boolean {
    const tag = (node as { tag?: unknown } | null)?.tag;
    if (typeof tag !== 'string' || CORE_TAGS.has(tag)) return false;
    const start = rangeStart(node);
    const written = start === undefined ? undefined : tagBefore(this.source.text, start);
    const shown = written?.text ?? (tag.startsWith(YAML_TAG_PREFIX) ? `!!${tag.slice(YAML_TAG_PREFIX.length)}` : tag);
    this.report(
      this.source.refAt(written?.offset ?? start),
      'YAML_UNKNOWN_TAG',
      `the YAML tag ${shown} is not read: groupform reads plain YAML, without custom tags (!include, !!js/function, ...); write the value itself`,
    );
    return true;
  }

  private report(at: SourceRef, code: string, message: string): void {
    this.tree.diagnostics.push(errorAt(at, code, message));
  }
}

const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';
// The tags of YAML 1.2's core schema, which mean what the plain value would mean anyway.
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `${YAML_TAG_PREFIX}${name}`));

/** The tag written before a node's start (past an anchor, which may come first), as written and where. */
function tagBefore(text: string, start: number): { text: string; offset: number } | undefined {
  let end = start;
  for (let tokens = 0; tokens < 2; tokens += 1) {
    while (end > 0 && /\s/.test(text.charAt(end - 1))) end -= 1;
    let begin = end;
    while (begin > 0 && !/\s/.test(text.charAt(begin - 1))) begin -= 1;
    const token = text.slice(begin, end);
    if (token.startsWith('!')) return { text: token, offset: begin };
    if (!token.startsWith('&')) return undefined;
    end = begin;
  }
  return undefined;
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
