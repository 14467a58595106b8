import { compareStrings } from './model/normalize.js';
import type { SourceRef } from './model/types.js';
import { printable } from './util/printable.js';

export type Severity = 'error' | 'warning';

/** A problem found in user input, with its place; reported in bulk rather than thrown one at a time. */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export const ExitCode = {
  ok: 0,
  error: 1,
  changesPresent: 2,
  blocked: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Base of every error meant for a user: it carries a stable code and is printed as one clear message,
 * never with a stack. Anything else that reaches the top-level catch is a bug.
 */
export class GroupformError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  /** The first line of the message, without the list and footer. */
  readonly summary: string;
  /** One line per item (a tenant, a group), printed indented under the summary. */
  readonly list: readonly string[];
  /** A last line, after the list: what to do. */
  readonly footer: string | undefined;
  constructor(code: string, message: string, options: { exitCode?: ExitCode; cause?: unknown; list?: readonly string[]; footer?: string } = {}) {
    const list = options.list ?? [];
    super([message, ...list.map((item) => `  ${item}`), ...(options.footer === undefined ? [] : [options.footer])].join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.error;
    this.summary = message;
    this.list = list;
    this.footer = options.footer;
  }
}

/**
 * An error as printed: each line made printable on its own, so a name from a server or a saved plan that holds a
 * line break shows as `\u000a` and cannot forge a line of its own; only the list's own line breaks remain.
 */
export function formatError(error: GroupformError): string {
  const lines = [`groupform: error ${error.code}: ${printable(error.summary)}`, ...error.list.map((item) => `  ${printable(item)}`)];
  if (error.footer !== undefined) lines.push(printable(error.footer));
  return `${lines.join('\n')}\n`;
}

/** Input that failed validation; every problem is listed. */
export class DiagnosticsError extends GroupformError {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[], summary = 'the configuration has errors') {
    super(diagnostics[0]?.code ?? 'INVALID', summary);
    this.diagnostics = diagnostics;
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const place = d.file === undefined ? '' : `${printable(d.file)}:${d.line ?? 1}:${d.column ?? 1}: `;
  return `${place}${d.severity} ${d.code}: ${printable(d.message)}`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareStrings(a.code, b.code)
  );
}

export function errorAt(ref: SourceRef, code: string, message: string): Diagnostic {
  return { severity: 'error', code, message, file: ref.file, line: ref.line, column: ref.column };
}

/** `file:line:column`, as every message that names a place writes it. */
export function formatPlace(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.column}`;
}

export function compareSourceRefs(a: SourceRef, b: SourceRef): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;
}
