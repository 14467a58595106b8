import { type Document, isScalar, LineCounter, parseDocument } from 'yaml';
import { type Diagnostic, errorAt } from '../errors.js';
import type { SourceRef } from '../model/types.js';
import { findTooDeep, MAX_YAML_DEPTH } from './depth.js';

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  refAt(offset: number | undefined): SourceRef;
  /** YAML_SYNTAX problems; the document is not usable when there are any. */
  diagnostics: Diagnostic[];
}

/** Parses one YAML file keeping positions. Duplicate keys are left to the caller, which names both places. */
export function readYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const tooDeep = findTooDeep(text);
  // Too deep for yaml's recursive composer: the text is not parsed at all, the file is reported at that place.
  const doc = parseDocument(tooDeep === undefined ? text : '', { lineCounter, uniqueKeys: false, prettyErrors: false });
  const refAt = (offset: number | undefined): SourceRef => {
    const pos = tooDeep === undefined ? lineCounter.linePos(offset ?? 0) : linePos(text, offset ?? 0);
    return { file, line: pos.line, column: pos.col };
  };
  if (tooDeep !== undefined) {
    return { file, text, doc, refAt, diagnostics: [errorAt(refAt(tooDeep), 'YAML_TOO_DEEP', `nested more than ${MAX_YAML_DEPTH} levels deep; a config needs about 8`)] };
  }
  const diagnostics = doc.errors.map((e) => errorAt(refAt(e.pos[0]), 'YAML_SYNTAX', firstLine(e.message)));
  return { file, text, doc, refAt, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * A mapping key as written. YAML would read `0123:` as the number 123 and `null:` as null; a tenant id or group
 * name is text, so plain keys keep their source spelling.
 */
export function keyText(key: unknown): string | undefined {
  if (key === null || key === undefined) return '';
  if (!isScalar(key)) return undefined;
  if (typeof key.value === 'string') return key.value;
  return typeof key.source === 'string' ? key.source : String(key.value);
}

function linePos(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: offset - lineStart + 1 };
}
