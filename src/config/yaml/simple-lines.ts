import { isScalar, parseDocument } from 'yaml';
import type { SourceRef } from '../../model/types.js';
import { findControlCharacter } from '../text-rules.js';

/** Thrown where a text leaves the subset readSimpleTree reads; it then goes to yaml. */
export class OutsideSubset extends Error {}

export const SPACE = 0x20;
export const HASH = 0x23;
export const COLON = 0x3a;
export const DOUBLE = 0x22;
export const SINGLE = 0x27;
const DASH = 0x2d;
const BACKSLASH = 0x5c;

// Characters that cannot start a plain scalar (or key), or that make one this reader leaves to yaml.
export const NOT_PLAIN_START = new Set([...',[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
// Characters that end, or are not allowed in, a plain scalar inside a flow collection (here).
export const NOT_IN_FLOW_PLAIN = new Set([...',[]{}#:\'"'].map((c) => c.charCodeAt(0)));

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?: |$)/;

/**
 * The lines of a text that hold more than blanks or a comment, one at a time, with the checks on single tokens
 * of the current line. Offsets are into the whole text; `ref` turns one into a line and column.
 */
export class Lines {
  readonly text: string;
  readonly #file: string;
  #line = 0;
  #start = 0;
  #end = 0;
  #indent = -1;
  #next = 0;

  constructor(text: string, file: string) {
    this.text = text;
    this.#file = file;
  }

  /** Where the current line starts. */
  get start(): number {
    return this.#start;
  }

  /** Where it ends: its `\n`, or the end of the text. */
  get end(): number {
    return this.#end;
  }

  /** Its indentation; -1 when there is no line left. */
  get indent(): number {
    return this.#indent;
  }

  /** Moves to the next line that holds more than blanks or a comment. */
  advance(): void {
    const text = this.text;
    let start = this.#next;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      this.#line += 1;
      let p = start;
      while (p < end && text.charCodeAt(p) === SPACE) p += 1;
      if (p < end && text.charCodeAt(p) !== HASH) {
        // Directives and document markers (`%YAML`, `---`, `...`) are left to yaml.
        if (p === start && (text.charCodeAt(p) === 0x25 || DOCUMENT_MARKER.test(text.slice(p, Math.min(end, p + 4))))) throw new OutsideSubset();
        this.#start = start;
        this.#end = end;
        this.#indent = p - start;
        this.#next = end + 1;
        return;
      }
      start = end + 1;
    }
    this.#start = this.#end = this.#next = text.length;
    this.#indent = -1;
  }

  /** The place of an offset of the current line. */
  ref(offset: number): SourceRef {
    return { file: this.#file, line: this.#line, column: offset - this.#start + 1 };
  }

  skipSpaces(p: number): number {
    while (p < this.#end && this.text.charCodeAt(p) === SPACE) p += 1;
    return p;
  }

  /** Whether `p` is the end of the line or a space. */
  endsToken(p: number): boolean {
    return p >= this.#end || this.text.charCodeAt(p) === SPACE;
  }

  isListItem(p: number): boolean {
    return this.text.charCodeAt(p) === DASH && this.endsToken(p + 1);
  }

  plainStart(p: number): boolean {
    const c = this.text.charCodeAt(p);
    // `-x`, `:x` and `?x` are plain; `- x`, `-` and `-,` are not (or not here).
    if (c === DASH || c === COLON || c === 0x3f) {
      return p + 1 < this.#end && this.text.charCodeAt(p + 1) !== SPACE && !NOT_IN_FLOW_PLAIN.has(this.text.charCodeAt(p + 1));
    }
    return p < this.#end && !NOT_PLAIN_START.has(c);
  }

  /** After a quoted scalar or a flow collection: only blanks, or a comment after a blank. */
  expectLineEnd(p: number): void {
    const q = this.skipSpaces(p);
    if (q < this.#end && !(q > p && this.text.charCodeAt(q) === HASH)) throw new OutsideSubset();
  }

  /** A one-line quoted scalar at `start`: its value and the offset after the closing quote. */
  quoted(start: number): { value: string; end: number } {
    const text = this.text;
    const quote = text.charCodeAt(start);
    let escapes = false;
    let i = start + 1;
    for (; i < this.#end; i += 1) {
      const ch = text.charCodeAt(i);
      if (quote === DOUBLE && ch === BACKSLASH) {
        escapes = true;
        i += 1;
      } else if (ch === quote) {
        if (quote === SINGLE && i + 1 < this.#end && text.charCodeAt(i + 1) === SINGLE) i += 1;
        else break;
      }
    }
    if (i >= this.#end) throw new OutsideSubset();
    const body = text.slice(start + 1, i);
    if (quote === SINGLE) return { value: body.replaceAll("''", "'"), end: i + 1 };
    return { value: escapes ? decodeDoubleQuoted(text.slice(start, i + 1)) : body, end: i + 1 };
  }
}

/** Escapes are rare in configs: yaml decodes them, exactly as it would in the whole file. */
function decodeDoubleQuoted(source: string): string {
  const doc = parseDocument(source);
  if (doc.errors.length > 0 || doc.warnings.length > 0 || !isScalar(doc.contents) || typeof doc.contents.value !== 'string') throw new OutsideSubset();
  // A control character written as an escape is refused by the reading that explains it.
  if (findControlCharacter(doc.contents.value, 'value') !== undefined) throw new OutsideSubset();
  return doc.contents.value;
}
