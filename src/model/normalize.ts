/** Key under which group names match: case-insensitive after Unicode NFC (SPEC §2). */
export function groupNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Key under which login ids match: compared case-insensitively (SPEC §1). */
export function loginIdKey(loginId: string): string {
  return loginId.normalize('NFC').toLowerCase();
}

/** Code-point order, independent of locale, so output is byte-identical everywhere. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedBy<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareStrings(key(a), key(b)));
}
