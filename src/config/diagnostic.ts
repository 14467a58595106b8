import type { Diagnostic } from '../errors.js';
import type { SourceRef } from '../model/types.js';

export function errorAt(at: SourceRef, code: string, message: string): Diagnostic {
  return { severity: 'error', code, message, file: at.file, line: at.line, column: at.column };
}

export function formatPlace(at: SourceRef): string {
  return `${at.file}:${at.line}:${at.column}`;
}
