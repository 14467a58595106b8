import type { Diagnostic } from '../errors.js';
import type { SourceRef } from '../model/types.js';
import { compareStrings } from '../model/normalize.js';

export function errorAt(ref: SourceRef, code: string, message: string): Diagnostic {
  return { severity: 'error', code, message, file: ref.file, line: ref.line, column: ref.column };
}

export function formatPlace(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.column}`;
}

export function compareSourceRefs(a: SourceRef, b: SourceRef): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;
}
