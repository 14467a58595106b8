import { createHash } from 'node:crypto';

/** JSON with object keys sorted (code-point order) at every depth; the input of every hash. */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value) ?? 'null';
}

// Mirrors JSON.stringify: undefined, functions and symbols vanish from objects and become null in arrays;
// toJSON is honoured. Arrays without objects inside are already canonical and go to the native
// JSON.stringify, which is several times faster on the long member-id lists that fingerprints hash.
function writeCanonical(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return writeCanonical((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) {
    if (isKeyless(value)) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += writeCanonical(value[i]) ?? 'null';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const item = writeCanonical(record[key]);
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${item}`;
  }
  return `${out}}`;
}

function isKeyless(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!isKeyless(item)) return false;
  return true;
}

/** `sha256:` + 64 lowercase hex digits. */
export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
