import { printable } from '../util/printable.js';

/**
 * User-controlled names go into code spans: there GitHub renders no HTML, no @mention, no #reference and no
 * autolink. Inside a table a `|` still splits the cell, even in a code span, unless written `\|` (GFM §4.10).
 */
export function codeSpan(text: string, options: { inTable?: boolean } = {}): string {
  let body = printable(text);
  if (options.inTable === true) body = body.replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  // A code span strips one space from each end when both are present; padding keeps edge backticks literal.
  const padded = body.startsWith('`') || body.endsWith('`') || /^ .* $/.test(body) ? ` ${body} ` : body;
  return `${fence}${padded}${fence}`;
}

/** A fence longer than any backtick run in the block, so no name can close it early. */
export function codeFence(block: string): string {
  return '`'.repeat(Math.max(3, longestRun(block, '`') + 1));
}

export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Plain markdown text: every character that could start markup is backslash-escaped (CommonMark §2.4). */
export function escapeMarkdownText(text: string): string {
  return printable(text).replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => `\\${c}`);
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}
