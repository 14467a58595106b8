import type { EmulatorGroup } from '../records.js';

// RFC 7644 §3.14 versions, counted per group in memory: every write makes a new one (a restart starts again).
const revisions = new WeakMap<EmulatorGroup, number>();

export function bumpVersion(group: EmulatorGroup): void {
  revisions.set(group, (revisions.get(group) ?? 0) + 1);
}

/** The group's weak ETag, as RFC 7644's examples show them. */
export function groupVersion(group: EmulatorGroup): string {
  return `W/"${group.id}-${revisions.get(group) ?? 0}"`;
}
