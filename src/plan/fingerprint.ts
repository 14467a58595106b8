import { compareStrings } from '../model/normalize.js';
import type { LiveGroup } from '../model/types.js';
import { canonicalJson, sha256 } from '../util/hash.js';

/** Hash of what a change to this group depends on: name, externalId, source and the sorted member user ids. */
export function fingerprintGroup(group: LiveGroup): string {
  const members = group.members.map((m) => m.userId);
  // sort() without a comparator orders strings by UTF-16 code units, as compareStrings does, and much faster.
  if (!inCodeUnitOrder(members)) members.sort();
  // canonicalJson({ name, externalId, source, members }) written directly (keys in its order): a fingerprint is
  // computed for every changed group, and the generic writer walks every member id.
  return sha256(
    `{"externalId":${JSON.stringify(group.externalId ?? null)},"members":${JSON.stringify(members)},"name":${JSON.stringify(group.name)},"source":${JSON.stringify(group.source ?? null)}}`,
  );
}

function inCodeUnitOrder(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1]! > ids[i]!) return false;
  return true;
}

/** Hash of the tenant's set of groups (id, name, externalId), independent of order. */
export function fingerprintGroupSet(groups: readonly LiveGroup[]): string {
  const set = groups
    .map((g) => ({ id: g.id, name: g.name, externalId: g.externalId ?? null }))
    .sort((a, b) => compareStrings(a.id, b.id) || compareStrings(a.name, b.name));
  return sha256(canonicalJson(set));
}
