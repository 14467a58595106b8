// Rules on the text of keys and values that hold whichever YAML reader read the file.

// C0 and C1 controls, DEL, tab and line breaks: nothing a name, id or setting is meant to hold, and what forges
// lines or colours wherever the text is printed.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const NAMES: Record<number, string> = { 0x00: 'NUL', 0x09: 'a tab', 0x0a: 'a line break', 0x0d: 'a carriage return', 0x1b: 'an escape character' };

export interface TextProblem {
  /** Where in the text. */
  index: number;
  code: 'CONTROL_CHARACTER' | 'ENV_IN_KEY';
  message: string;
}

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** A control character in a key or value, or undefined. */
export function findControlCharacter(text: string, what: 'key' | 'value'): TextProblem | undefined {
  const match = CONTROL.exec(text);
  if (match === null) return undefined;
  const code = match[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code] === undefined ? `control character ${hex}` : `${NAMES[code]} (${hex})`;
  const fix = what === 'key' ? 'names and ids must be printable text on one line' : 'values must be printable text on one line (for a long text, a folded `>-` scalar joins its lines)';
  return { index: match.index, code: 'CONTROL_CHARACTER', message: `the ${what} holds ${name}: ${fix}` };
}

/**
 * Keys are names and ids, read as written: a `${VAR}` there would not be replaced, so it is refused rather than
 * kept as a surprising literal name. `$${` stays the escape for a literal `${`, as in values.
 */
export function findKeyProblem(key: string): TextProblem | undefined {
  const control = findControlCharacter(key, 'key');
  if (control !== undefined) return control;
  for (let i = 0; i < key.length; i += 1) {
    if (key.startsWith('$${', i)) i += 2;
    else if (key.startsWith('${', i)) {
      return {
        index: i,
        code: 'ENV_IN_KEY',
        message: 'keys (tenant ids, group and set names) are not interpolated: write the name itself, or $${ for a literal ${',
      };
    }
  }
  return undefined;
}

/** The name a key declares: `$${` is a literal `${`. */
export function keyName(key: string): string {
  return key.includes('$${') ? key.replaceAll('$${', () => '${') : key;
}
