import type { Credential } from './types.js';

export const REDACTED = '[redacted]';

export type Redact = (text: string) => string;

/**
 * Replaces every secret in a text: the value as given, its credential part after an auth scheme
 * (`Bearer <token>`), and their percent-encoded forms (a secret may reach a query string).
 */
export function createRedactor(secrets: readonly Credential[]): Redact {
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
  return (text) => ordered.reduce((result, form) => result.split(form).join(REDACTED), text);
}
