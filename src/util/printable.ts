// C0/C1 controls (ESC starts an ANSI sequence, CR/LF forge lines) and bidi overrides (they reorder what is shown).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text from a config or a server made safe for a terminal: no name can forge a line or a colour. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}
