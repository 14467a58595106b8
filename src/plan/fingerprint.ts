// STUB (issue 2): signatures fixed; implementation in progress.
import type { LiveGroup } from '../model/types.js';

/** Hash of what a change to this group depends on: name, externalId, source and the sorted member user ids. */
export function fingerprintGroup(_group: LiveGroup): string {
  throw new Error('not implemented');
}

/** Hash of the tenant's set of groups (id, name, externalId), independent of order. */
export function fingerprintGroupSet(_groups: readonly LiveGroup[]): string {
  throw new Error('not implemented');
}
