import { MalformedResponseError } from './errors.js';
import type { ProviderErrorDetail } from './types.js';

const looksLikeJson = (text: string): boolean => /^\s*[[{"]/.test(text);
const saysJson = (contentType: string | undefined): boolean => /json/i.test(contentType ?? '');

/**
 * A response body: undefined when empty (204), parsed JSON when the content type says JSON or the text looks
 * like it, otherwise the text. `where` names the request for the error when JSON was expected and is broken.
 */
export function parseBody(text: string, contentType: string | undefined, where: string): unknown {
  if (text.trim() === '') return undefined;
  if (!saysJson(contentType) && !looksLikeJson(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Not the parser's message: it quotes a cut of the body, and a secret echoed there, cut in half, would
    // escape redaction.
    const reason = error instanceof Error && /end of JSON/i.test(error.message) ? 'it ends early' : 'a syntax error';
    throw new MalformedResponseError(`${where} is not valid JSON (${contentType ?? 'no content type'}, ${text.length} characters; ${reason})`);
  }
}

/** An error body is read leniently: whatever it holds, the status still decides. */
export function parseErrorBody(text: string, contentType: string | undefined): unknown {
  try {
    return parseBody(text, contentType, '');
  } catch {
    return text;
  }
}

// An HTML or XML page (a gateway's error page, a login form) says nothing a user can act on, and may hold
// scripts or an echo of the request: it is never quoted.
const MARKUP = /^\s*<|<\s*\/?\s*(?:html|head|body|script|style|div|p|title|h1|a|br|!doctype)\b/i;

/**
 * What may be quoted of a server's words: nothing of markup, else the text with its line breaks and control
 * characters flattened. The client redacts secrets before it clips the result.
 */
export function quotableText(text: string): string | undefined {
  if (text.trim() === '' || MARKUP.test(text)) return undefined;
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

/** Reads the usual shapes: Descope `{errorCode, errorDescription, errorMessage}`, SCIM `{scimType, detail}`. */
export function describeCommonError(_status: number, body: unknown): ProviderErrorDetail {
  if (typeof body === 'string') {
    const message = quotableText(body);
    return message === undefined ? {} : { message };
  }
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const code = firstText(record.errorCode, record.scimType, record.code);
  const described = [record.errorDescription, record.errorMessage].filter(isText).join(' - ');
  const nested = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>).message : record.error;
  const message = firstText(described, record.detail, record.message, nested);
  return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) };
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function firstText(...values: unknown[]): string | undefined {
  const found = values.find((value) => isText(value) || typeof value === 'number');
  return found === undefined ? undefined : String(found);
}
