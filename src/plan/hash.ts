// STUB (issue 2): signatures fixed; implementation in progress.

/** JSON with object keys sorted (code-point order) at every depth; the input of every hash. */
export function canonicalJson(_value: unknown): string {
  throw new Error('not implemented');
}

/** `sha256:` + 64 lowercase hex digits. */
export function sha256(_text: string): string {
  throw new Error('not implemented');
}
