import { setTimeout as sleep } from 'node:timers/promises';
import { GroupformError } from '../../errors.js';
import { groupNameKey } from '../../model/normalize.js';
import type { Stop } from '../../http/index.js';
import type { GroupWriteTarget } from './group-port.js';
import { isFilterRefusal } from './session.js';
import type { WireGroup } from './wire.js';

// A group a create made may show in reads a moment later (AWS is eventually consistent): asked again after
// FIRST_WAIT_MS, doubling, for about LOOKUP_BUDGET_MS in all. Long enough for a lag, short enough for a run.
const FIRST_WAIT_MS = 100;
const LOOKUP_BUDGET_MS = 3_000;

/** The group a create asked for, and how the create failed. */
export interface CreateLookup {
  name: string;
  externalId: string | null | undefined;
  /** After a 409: the group exists, so a server filtering exactly is searched in its whole list as well. */
  afterConflict: boolean;
  /** Look again with backoff while the group may not show yet; else one look. */
  patient: boolean;
}

/** The group a create that failed (409 or no answer) may have made, or undefined when none shows in time. */
export async function findCreatedGroup(target: GroupWriteTarget, lookup: CreateLookup, stop: Stop): Promise<WireGroup | undefined> {
  let wait = FIRST_WAIT_MS;
  for (let waited = 0; ; waited += wait, wait *= 2) {
    const found = (await findGroupByName(target, lookup.name, lookup.afterConflict, stop)) ?? (await findGroupByExternalId(target, lookup.externalId, stop));
    // A drain starts nothing new: the next run looks again.
    if (found !== undefined || !lookup.patient || waited >= LOOKUP_BUDGET_MS || stop.drain?.aborted === true) return found;
    await sleep(wait, undefined, stop.signal === undefined ? {} : { signal: stop.signal });
  }
}

/**
 * The one group named `name`, compared case-insensitively after NFC. Servers that filter exactly miss a case-only
 * difference, so after a 409 with no filter match (or where the filter is refused or missing) the whole list is
 * searched; an uncertain create made the group under exactly this name, which the filter finds. Several groups
 * of that name and none spelled exactly so: no guess, AMBIGUOUS_GROUP.
 */
async function findGroupByName(target: GroupWriteTarget, name: string, afterConflict: boolean, stop: Stop): Promise<WireGroup | undefined> {
  const key = groupNameKey(name);
  const same = (groups: readonly WireGroup[]) => groups.filter((g) => groupNameKey(g.displayName) === key);
  const filtered = await filterOrUndefined(() => target.port.findGroupsByName(name, stop));
  let matches = same(filtered ?? []);
  if (matches.length === 0 && (afterConflict || filtered === undefined)) matches = same(await target.port.listGroups(stop));
  if (matches.length <= 1) return matches[0];
  const exact = matches.filter((g) => g.displayName === name);
  if (exact.length === 1) return exact[0];
  throw ambiguous(target, `${matches.length} groups named "${name}"`, matches);
}

/**
 * The group holding the create's externalId, where the server filters by it: planning matches groups by
 * externalId before names, so that group is the declared one (adopting renames it to the declared name).
 */
async function findGroupByExternalId(target: GroupWriteTarget, externalId: string | null | undefined, stop: Stop): Promise<WireGroup | undefined> {
  if (typeof externalId !== 'string') return undefined;
  const filtered = await filterOrUndefined(() => target.port.findGroupsByExternalId(externalId, stop));
  const matches = (filtered ?? []).filter((g) => g.externalId === externalId);
  if (matches.length <= 1) return matches[0];
  throw ambiguous(target, `${matches.length} groups with externalId "${externalId}"`, matches);
}

/** undefined where the server does not take the filter (none in the profile, or a 400). */
async function filterOrUndefined(find: () => Promise<WireGroup[] | undefined>): Promise<WireGroup[] | undefined> {
  try {
    return await find();
  } catch (error) {
    if (!isFilterRefusal(error)) throw error;
    return undefined;
  }
}

function ambiguous(target: GroupWriteTarget, what: string, matches: readonly WireGroup[]): GroupformError {
  return new GroupformError('AMBIGUOUS_GROUP', `tenant ${target.tenantId} has ${what} (${matches.map((g) => g.id).join(', ')}): cannot tell which one to adopt`);
}
