import type { Credential } from './types.js';

export const REDACTED = '[redacted]';

export type Redact = (text: string) => string;

/** Any run of this many characters of a secret is taken for the secret: a cut or re-encoded copy leaks no more. */
export const SECRET_PIECE = 8;

// Past whole-secret redaction a text is cut to this before it is searched for pieces (an error body may be
// megabytes; every message it feeds is clipped far shorter).
const LONGEST_REDACTED_TEXT = 10_000;

/**
 * Replaces every secret in a text: the value as given, its credential part after an auth scheme
 * (`Bearer <token>`), and their percent-encoded forms (a secret may reach a query string). Then any
 * SECRET_PIECE-character piece of a `pieceSources` secret (the bare keys and tokens, not the header that also
 * holds a project id), so a secret cut in half by a server's clip, or echoed with a few characters escaped,
 * does not survive either.
 */
export function createRedactor(secrets: readonly Credential[], pieceSources: readonly Credential[] = secrets): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    const value = secret.reveal();
    const credential = /^[A-Za-z][\w-]*\s+(\S.*)$/s.exec(value)?.[1];
    for (const form of [value, credential]) {
      if (form === undefined || form.trim() === '') continue;
      forms.add(form);
      forms.add(encodeURIComponent(form));
    }
  }
  // Longest first, so a secret containing another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const pieces = piecesOf(pieceSources);
  return (text) => {
    const whole = ordered.reduce((result, form) => result.split(form).join(REDACTED), text);
    if (pieces.size === 0) return whole;
    return redactPieces(whole.length > LONGEST_REDACTED_TEXT ? `${whole.slice(0, LONGEST_REDACTED_TEXT)}…` : whole, pieces);
  };
}

function piecesOf(secrets: readonly Credential[]): Set<string> {
  const pieces = new Set<string>();
  for (const secret of secrets) {
    const value = secret.reveal();
    for (let i = 0; i + SECRET_PIECE <= value.length; i += 1) {
      const piece = value.slice(i, i + SECRET_PIECE);
      if (piece.trim() !== '') pieces.add(piece);
    }
  }
  return pieces;
}

function redactPieces(text: string, pieces: ReadonlySet<string>): string {
  let result = '';
  let copied = 0;
  let coveredTo = -1;
  for (let i = 0; i + SECRET_PIECE <= text.length; i += 1) {
    if (!pieces.has(text.slice(i, i + SECRET_PIECE))) continue;
    if (i > coveredTo) {
      result += `${text.slice(copied, i)}${REDACTED}`;
    }
    coveredTo = i + SECRET_PIECE - 1;
    copied = i + SECRET_PIECE;
  }
  return copied === 0 && result === '' ? text : `${result}${text.slice(copied)}`;
}
