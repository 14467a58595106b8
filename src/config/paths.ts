export type Path = readonly (string | number)[];

/** JSON pointer, as ajv writes instancePath. */
export function pointer(path: Path): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `*` matches any one segment. */
export function matchesPath(path: Path, pattern: readonly string[]): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === '*' || p === String(path[i]));
}
