import { groupNameKey } from '../../model/normalize.js';
import type { DesiredTenant } from '../../model/types.js';
import { MalformedResponseError } from '../../http/index.js';
import { canFilterGroups } from './profiles.js';
import { isFilterRefusal, mapAll, type TenantSession } from './session.js';
import { listGroups } from './lists.js';
import { eqFilter, readGroup, type WireGroup } from './wire.js';

export interface GroupList {
  groups: WireGroup[];
  /** Why the list may miss groups: set when its end could not be proven. */
  incomplete?: string;
}

/**
 * The tenant's groups for planning. Where the list's end is not proven (AWS without a usable cursor, Huawei's
 * 50 with a totalResults that counts the page), a declared group missing from it may still exist past the pages
 * read: each declared name, old name and externalId not listed is looked up by filter, so no create is planned
 * for a group that exists. Without such a filter the load fails: a partial list would plan duplicates.
 */
export async function loadGroupList(session: TenantSession, desired: DesiredTenant, signal?: AbortSignal): Promise<GroupList> {
  const { profile, tenantId } = session;
  const listed = await listGroups(session, signal === undefined ? {} : { signal });
  if (listed.complete) return { groups: listed.groups };
  const incomplete = `the server stopped paging groups after ${listed.groups.length} without proving the list's end`;
  const names = new Set(listed.groups.map((g) => groupNameKey(g.displayName)));
  const externalIds = new Set(listed.groups.flatMap((g) => (g.externalId === undefined ? [] : [g.externalId])));
  const filters = new Set<string>();
  for (const group of desired.groups) {
    for (const name of [group.name, ...group.previously]) if (!names.has(groupNameKey(name))) filters.add(eqFilter('displayName', name));
    if (group.externalId !== undefined && !externalIds.has(group.externalId) && canFilterGroups(profile, 'externalId')) {
      filters.add(eqFilter('externalId', group.externalId));
    }
  }
  const refuse = (why: string) =>
    new MalformedResponseError(`GET /Groups of tenant ${tenantId}: ${incomplete}, and ${why}, so a declared group could be created twice`);
  if (filters.size === 0) return { groups: listed.groups, incomplete };
  if (!canFilterGroups(profile, 'displayName')) throw refuse(`profile ${profile.name} has no displayName filter to look the declared groups up`);
  let found: WireGroup[][];
  try {
    found = await mapAll(session, [...filters], async (filter) => {
      const what = `GET /Groups?filter=${filter.split(' ')[0] ?? ''} of tenant ${tenantId}`;
      const answer = await session.client.list('Groups', { filter, pageSize: profile.pageSize, paging: profile.paging, ...(signal ? { stop: { signal } } : {}) });
      return answer.resources.map((r) => readGroup(r, what));
    });
  } catch (error) {
    if (isFilterRefusal(error)) throw refuse(`the server refused the filter that looks declared groups up (${error.message})`);
    throw error;
  }
  const byId = new Map(listed.groups.map((g) => [g.id, g]));
  for (const group of found.flat()) if (!byId.has(group.id)) byId.set(group.id, group);
  return { groups: [...byId.values()], incomplete };
}
