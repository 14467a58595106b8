import type { SourceRef } from '../../model/types.js';
import { MAX_YAML_DEPTH } from '../depth.js';
import { convertScalar, resolvePlain } from '../scalar.js';
import { COLON, DOUBLE, HASH, Lines, NOT_IN_FLOW_PLAIN, NOT_PLAIN_START, OutsideSubset, SINGLE, SPACE } from './simple-lines.js';
import { type ConfigTree, createTree, type Place } from '../tree.js';

/**
 * Reads a file written in the plain subset of block YAML that configs are written in (block mappings and
 * lists, one-line plain and quoted scalars, one-line flow lists and mappings of scalars, comments) straight into
 * a ConfigTree, with every place, without building yaml's Document: a 250,000-member file takes a fraction of
 * the time. Anything else (anchors, tags, block or multi-line scalars, tabs, CRLF, a duplicate key, a `${`
 * problem, a literal secret, anything yaml might reject) gives undefined, and the caller reads the file with
 * yaml itself, which also explains every problem. So within the subset the tree must be exactly the one
 * toConfigTree builds; test/unit/config/simple-tree.test.ts compares the two.
 */
export function readSimpleTree(text: string, file: string, env: NodeJS.ProcessEnv, options: { uninterpolated?: boolean } = {}): ConfigTree | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  try {
    return new SimpleReader(text, createTree(file), env, options.uninterpolated === true).read();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

// Tabs and CR (YAML separators this reader does not handle), C0 and C1 control characters (refused in values by
// the reading that explains), byte order marks, and the characters yaml 1.1 took for line breaks.
// Also the Unicode spaces JavaScript's trim removes but YAML keeps (a no-break space pasted after a login id must
// stay part of it, exactly as the yaml library reads it).
const OUTSIDE_SUBSET = /[\x00-\x09\x0b-\x1f\x7f-\x9f\xa0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff\u2028\u2029]/;
// YAML 1.2 limits an implicit key to 1024 characters; the yaml library refuses longer ones, so must this reader.
const MAX_IMPLICIT_KEY = 1024;
const DOLLAR = 0x24;
// The plain scalars starting with a letter that YAML's core schema reads as null or a boolean.
const KEYWORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/** A key as written; one with a `$` (an expression, or the `$${` escape) is left to yaml's reading, which explains. */
function checkedKey(name: string): string {
  if (name.includes('$')) throw new OutsideSubset();
  return name;
}

class SimpleReader {
  readonly #lines: Lines;
  readonly #tree: ConfigTree;
  readonly #env: NodeJS.ProcessEnv;
  readonly #path: (string | number)[] = [];
  /** Values as written (`${VAR}` kept), for fmt: no interpolation, no secret checks. */
  readonly #uninterpolated: boolean;

  constructor(text: string, tree: ConfigTree, env: NodeJS.ProcessEnv, uninterpolated: boolean) {
    this.#lines = new Lines(text, tree.file);
    this.#tree = tree;
    this.#env = env;
    this.#uninterpolated = uninterpolated;
  }

  read(): ConfigTree {
    const lines = this.#lines;
    lines.advance();
    if (lines.indent < 0) return this.#tree;
    const at = lines.ref(lines.start + lines.indent);
    this.#tree.data = this.#block(lines.indent);
    this.#tree.root = { value: at };
    if (lines.indent >= 0) throw new OutsideSubset();
    return this.#tree;
  }

  #block(indent: number): unknown {
    this.#checkDepth();
    const lines = this.#lines;
    return lines.isListItem(lines.start + indent) ? this.#list(indent) : this.#mapping(indent, lines.start + indent);
  }

  #mapping(indent: number, firstKey: number): Record<string, unknown> {
    const lines = this.#lines;
    const result: Record<string, unknown> = {};
    const places = new Map<string, Place>();
    let keyStart = firstKey;
    for (;;) {
      if (lines.isListItem(keyStart)) throw new OutsideSubset();
      const { name, after } = this.#key(keyStart);
      if (places.has(name)) throw new OutsideSubset();
      const key = lines.ref(keyStart);
      this.#path.push(name);
      let value: unknown;
      let at: SourceRef;
      const p = lines.skipSpaces(after);
      if (p < lines.end && lines.text.charCodeAt(p) !== HASH) {
        at = lines.ref(p);
        value = this.#inline(p);
        lines.advance();
        if (lines.indent > indent) throw new OutsideSubset();
      } else {
        lines.advance();
        if (lines.indent > indent || (lines.indent === indent && lines.isListItem(lines.start + indent))) {
          at = lines.ref(lines.start + lines.indent);
          value = lines.indent > indent ? this.#block(lines.indent) : this.#list(indent);
        } else {
          at = key;
          value = this.#scalar(null, '');
        }
      }
      this.#path.pop();
      places.set(name, { key, value: at });
      // Object.defineProperty: a key named __proto__ is data like any other.
      Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
      if (lines.indent !== indent) break;
      keyStart = lines.start + indent;
    }
    if (lines.indent > indent) throw new OutsideSubset();
    this.#tree.entries.set(result, places);
    return result;
  }

  #list(indent: number): unknown[] {
    const lines = this.#lines;
    const list: unknown[] = [];
    const refs: SourceRef[] = [];
    while (lines.indent === indent && lines.isListItem(lines.start + indent)) {
      const p = lines.skipSpaces(lines.start + indent + 1);
      if (lines.isListItem(p)) throw new OutsideSubset();
      this.#path.push(list.length);
      let at: SourceRef;
      let plain: string | undefined;
      if (p >= lines.end || lines.text.charCodeAt(p) === HASH) {
        // `-` alone: the item is the more indented block below (an empty item is left to yaml).
        lines.advance();
        if (lines.indent <= indent) throw new OutsideSubset();
        at = lines.ref(lines.start + lines.indent);
        list.push(this.#block(lines.indent));
      } else if ((plain = this.#plainItemText(p)) !== undefined) {
        at = lines.ref(p);
        list.push(plain);
        lines.advance();
      } else if (this.#startsEntry(p)) {
        at = lines.ref(p);
        list.push(this.#mapping(p - lines.start, p));
      } else {
        at = lines.ref(p);
        list.push(this.#inline(p));
        lines.advance();
      }
      this.#path.pop();
      refs.push(at);
    }
    if (lines.indent > indent) throw new OutsideSubset();
    this.#tree.items.set(list, refs);
    return list;
  }

  /**
   * The common list item (a login id), read in one pass over its line: plain text starting with a letter or
   * `_` (or a digit, where the path takes text whatever the spelling), holding no `:`, `#` or `$` (no mapping,
   * comment or interpolation), and not a null or boolean keyword. Undefined for every other item, which takes
   * the general path.
   */
  #plainItemText(p: number): string | undefined {
    const lines = this.#lines;
    const text = lines.text;
    const c = text.charCodeAt(p);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
    if (!letter && !(c >= 0x30 && c <= 0x39 && !this.#uninterpolated && this.#textItems())) return undefined;
    for (let i = p + 1; i < lines.end; i += 1) {
      const ch = text.charCodeAt(i);
      if (ch === COLON || ch === HASH || ch === DOLLAR) return undefined;
    }
    let end = lines.end;
    while (text.charCodeAt(end - 1) === SPACE) end -= 1;
    const value = text.slice(p, end);
    return end - p <= 5 && KEYWORDS.has(value) ? undefined : value;
  }

  /** Whether the items of the list being read are text however they are spelled (members, previously). */
  #textItems(): boolean {
    const path = this.#path;
    return path.length === 6 && path[0] === 'tenants' && path[2] === 'groups' && (path[4] === 'members' || path[4] === 'previously');
  }

  /** A mapping key at `start` and the offset after its `:`. */
  #key(start: number): { name: string; after: number } {
    const lines = this.#lines;
    const text = lines.text;
    const c = text.charCodeAt(start);
    if (c === DOUBLE || c === SINGLE) {
      const { value, end } = lines.quoted(start);
      if (text.charCodeAt(end) !== COLON || !lines.endsToken(end + 1) || end + 1 - start > MAX_IMPLICIT_KEY) throw new OutsideSubset();
      return { name: checkedKey(value), after: end + 1 };
    }
    if (!lines.plainStart(start)) throw new OutsideSubset();
    for (let i = start; i < lines.end && i - start < 1000; i += 1) {
      const ch = text.charCodeAt(i);
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) break;
      if (ch === COLON && lines.endsToken(i + 1)) return { name: checkedKey(text.slice(start, i).trimEnd()), after: i + 1 };
      if (NOT_PLAIN_START.has(ch) && ch !== HASH) throw new OutsideSubset();
    }
    throw new OutsideSubset();
  }

  /** Whether the list item at `p` is a mapping (`- key: value`). */
  #startsEntry(p: number): boolean {
    const lines = this.#lines;
    const text = lines.text;
    const c = text.charCodeAt(p);
    if (c === DOUBLE || c === SINGLE) {
      const { end } = lines.quoted(p);
      if (end + 1 - p > MAX_IMPLICIT_KEY) throw new OutsideSubset();
      return text.charCodeAt(end) === COLON && lines.endsToken(end + 1);
    }
    if (c === 0x5b || c === 0x7b) return false;
    for (let i = p; i < lines.end; i += 1) {
      const ch = text.charCodeAt(i);
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) return false;
      if (ch === COLON && lines.endsToken(i + 1)) return true;
    }
    return false;
  }

  /** The value written after `key: ` or `- ` on the current line. */
  #inline(p: number): unknown {
    const lines = this.#lines;
    const text = lines.text;
    const c = text.charCodeAt(p);
    if (c === DOUBLE || c === SINGLE) {
      const { value, end } = lines.quoted(p);
      lines.expectLineEnd(end);
      return this.#scalar(value, undefined);
    }
    if (c === 0x5b || c === 0x7b) {
      const { value, end } = this.#flowNode(p);
      lines.expectLineEnd(end);
      return value;
    }
    if (!lines.plainStart(p)) throw new OutsideSubset();
    let end = lines.end;
    for (let i = p + 1; i < lines.end; i += 1) {
      if (text.charCodeAt(i) === HASH && text.charCodeAt(i - 1) === SPACE) {
        end = i;
        break;
      }
    }
    const source = text.slice(p, end).trimEnd();
    // `a: b: c` and `a: b:` are errors to yaml.
    if (source.includes(': ') || source.endsWith(':')) throw new OutsideSubset();
    return this.#scalar(resolvePlain(source), source);
  }

  /** A flow collection or scalar at `start`, on this line, and the offset after it. */
  #flowNode(start: number): { value: unknown; end: number } {
    this.#checkDepth();
    const c = this.#lines.text.charCodeAt(start);
    if (c === 0x5b) return this.#flowList(start);
    if (c === 0x7b) return this.#flowMapping(start);
    return this.#flowScalar(start);
  }

  #flowList(open: number): { value: unknown[]; end: number } {
    const list: unknown[] = [];
    const refs: SourceRef[] = [];
    const end = this.#flowItems(open, 0x5d, (i) => {
      refs.push(this.#lines.ref(i));
      this.#path.push(list.length);
      const item = this.#flowNode(i);
      this.#path.pop();
      list.push(item.value);
      return item.end;
    });
    this.#tree.items.set(list, refs);
    return { value: list, end };
  }

  #flowMapping(open: number): { value: Record<string, unknown>; end: number } {
    const lines = this.#lines;
    const text = lines.text;
    const result: Record<string, unknown> = {};
    const places = new Map<string, Place>();
    const end = this.#flowItems(open, 0x7d, (start) => {
      const key = lines.ref(start);
      let name: string;
      let colon: number;
      if (text.charCodeAt(start) === DOUBLE || text.charCodeAt(start) === SINGLE) {
        const quoted = lines.quoted(start);
        name = quoted.value;
        colon = quoted.end;
      } else {
        colon = this.#flowPlainEnd(start, true);
        name = text.slice(start, colon).trimEnd();
      }
      name = checkedKey(name);
      if (name === '' || places.has(name) || text.charCodeAt(colon) !== COLON || text.charCodeAt(colon + 1) !== SPACE) throw new OutsideSubset();
      const i = lines.skipSpaces(colon + 1);
      const at = lines.ref(i);
      this.#path.push(name);
      const item = this.#flowNode(i);
      this.#path.pop();
      places.set(name, { key, value: at });
      Object.defineProperty(result, name, { value: item.value, enumerable: true, writable: true, configurable: true });
      return item.end;
    });
    this.#tree.entries.set(result, places);
    return { value: result, end };
  }

  /** Reads the comma-separated items of a one-line flow collection (no trailing comma); the offset after it. */
  #flowItems(open: number, close: number, readItem: (start: number) => number): number {
    const lines = this.#lines;
    let i = lines.skipSpaces(open + 1);
    if (lines.text.charCodeAt(i) === close) return i + 1;
    for (;;) {
      i = lines.skipSpaces(readItem(i));
      const ch = lines.text.charCodeAt(i);
      if (ch === close) return i + 1;
      if (ch !== 0x2c) throw new OutsideSubset();
      i = lines.skipSpaces(i + 1);
    }
  }

  /** A quoted or plain scalar in a flow collection, and the offset after it. */
  #flowScalar(start: number): { value: unknown; end: number } {
    const lines = this.#lines;
    const c = lines.text.charCodeAt(start);
    if (c === DOUBLE || c === SINGLE) {
      const { value, end } = lines.quoted(start);
      return { value: this.#scalar(value, undefined), end };
    }
    const end = this.#flowPlainEnd(start, false);
    const source = lines.text.slice(start, end).trimEnd();
    if (source === '') throw new OutsideSubset();
    return { value: this.#scalar(resolvePlain(source), source), end };
  }

  /** Where a plain scalar in a flow collection ends: at `,`, `]` or `}` (or `:` for a key). */
  #flowPlainEnd(start: number, key: boolean): number {
    const lines = this.#lines;
    if (!lines.plainStart(start)) throw new OutsideSubset();
    for (let i = start; i < lines.end; i += 1) {
      const ch = lines.text.charCodeAt(i);
      if (!NOT_IN_FLOW_PLAIN.has(ch)) continue;
      if (ch === (key ? COLON : 0x2c) || (!key && (ch === 0x5d || ch === 0x7d))) return i;
      throw new OutsideSubset();
    }
    throw new OutsideSubset();
  }

  // Deep nesting is left to readYaml, which reports it before anything recursive reads the text.
  #checkDepth(): void {
    if (this.#path.length > MAX_YAML_DEPTH) throw new OutsideSubset();
  }

  #scalar(raw: unknown, plainSource: string | undefined): unknown {
    if (this.#uninterpolated) return raw;
    const result = convertScalar(raw, plainSource, this.#path, this.#env, this.#tree.secretOrigins);
    if (result.literalSecret !== undefined || result.problems.length > 0) throw new OutsideSubset();
    return result.value;
  }

}
