import { compareStrings } from '../model/normalize.js';
import type { LiveGroup } from '../model/types.js';
import { canonicalJson, sha256 } from '../util/hash.js';

/** Hash of what a change to this group depends on: name, externalId, source and the sorted member user ids. */
export function fingerprintGroup(group: LiveGroup): string {
  // sort() without a comparator orders strings by UTF-16 code units, as compareStrings does, and much faster.
  const members = group.members.map((m) => m.userId).sort();
  return sha256(
    canonicalJson({ name: group.name, externalId: group.externalId ?? null, source: group.source ?? null, members }),
  );
}

/** Hash of the tenant's set of groups (id, name, externalId), independent of order. */
export function fingerprintGroupSet(groups: readonly LiveGroup[]): string {
  const set = groups
    .map((g) => ({ id: g.id, name: g.name, externalId: g.externalId ?? null }))
    .sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.name, b.name));
  return sha256(canonicalJson(set));
}
