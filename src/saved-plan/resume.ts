import type { CreateChange, GroupChange, LiveGroup, UpdateChange } from '../model/types.js';
import { fingerprintGroup } from '../plan/fingerprint.js';
import { diffMembers } from '../plan/members.js';
import type { JournalEntry } from './journal.js';

/** What an earlier run of the same plan did to a change: finished it, or started it with an unknown result. */
export interface JournalMark {
  state: 'done' | 'touched';
  groupId?: string;
}

/**
 * How a resumed run treats a change: not at all (already done), or by performing only what is left of it.
 * `adopted`: a create an earlier run started whose group is now live, taken over instead of created again.
 */
export type ResumeStep =
  | { kind: 'done'; reason: string; groupId?: string; adopted?: true }
  | { kind: 'residual'; change: GroupChange; adopted?: true };

/** Identifies a change within a plan: a tenant's changes never share an action and a group name. */
export function changeKey(tenant: string, change: Pick<GroupChange, 'action' | 'group'>): string {
  return JSON.stringify([tenant, change.action, change.group]);
}

/** Folds the journal's entries for `planId`: `done` wins over any other status; started or failed is `touched`. */
export function readJournalMarks(entries: readonly JournalEntry[], planId: string): Map<string, JournalMark> {
  const marks = new Map<string, JournalMark>();
  for (const entry of entries) {
    if (entry.planId !== planId || entry.status === 'skipped') continue;
    const key = changeKey(entry.tenant, entry);
    if (marks.get(key)?.state === 'done') continue;
    const state = entry.status === 'done' ? 'done' : 'touched';
    marks.set(key, { state, ...(entry.groupId === undefined ? {} : { groupId: entry.groupId }) });
  }
  return marks;
}

/**
 * True when the live group is the planned-from group with some part of `change` applied: undoing the change
 * (old name, members added taken out, members removed put back) gives back the fingerprint. A change can only
 * have added its `add` members and removed its `remove` members, so the undo is exact for members.
 */
export function isExplainedByChange(live: LiveGroup, change: UpdateChange, expected: string | undefined): boolean {
  const before = change.renameFrom ?? change.group;
  if (live.name !== change.group && live.name !== before) return false;
  if (expected === undefined) return true;
  const added = new Set(change.add.map((m) => m.userId));
  const members = [...live.members.filter((m) => !added.has(m.userId))];
  const present = new Set(members.map((m) => m.userId));
  for (const m of change.remove) if (!present.has(m.userId)) members.push(m);
  // With the new externalId in place the old one is unknown; the usual case is that there was none.
  const externalIds =
    change.externalId !== undefined && live.externalId === change.externalId ? [undefined] : [live.externalId];
  return externalIds.some((externalId) => {
    const { externalId: _drop, ...rest } = live;
    const candidate: LiveGroup = { ...rest, name: before, members, ...(externalId === undefined ? {} : { externalId }) };
    return fingerprintGroup(candidate) === expected;
  });
}

/** What of `change` the live group does not show yet; undefined when it shows all of it. */
export function residualUpdate(live: LiveGroup, change: UpdateChange): UpdateChange | undefined {
  const ids = new Set(live.members.map((m) => m.userId));
  const add = change.add.filter((m) => !ids.has(m.userId));
  // Without a readable member list a removal cannot be confirmed, so it stays; an add is confirmed when listed.
  const remove = live.membersUnreadable === undefined ? change.remove.filter((m) => ids.has(m.userId)) : change.remove;
  const renamed = live.name === change.group;
  const externalIdSet = change.externalId === undefined || live.externalId === change.externalId;
  if (renamed && externalIdSet && add.length === 0 && remove.length === 0) return undefined;
  const { renameFrom, externalId, ...rest } = change;
  return {
    ...rest,
    ...(renamed || renameFrom === undefined ? {} : { renameFrom }),
    ...(externalIdSet || externalId === undefined ? {} : { externalId }),
    add,
    remove,
  };
}

/**
 * A create an earlier run started, made an update of the live group that run's POST may have made: what the
 * create asked for that the group does not show yet. Undefined when it shows all of it. Members are compared
 * with the live list as planning would (removals only when authoritative and the list is readable).
 */
export function adoptionUpdate(live: LiveGroup, change: CreateChange): UpdateChange | undefined {
  const mode = change.membersMode === 'authoritative' && live.membersUnreadable === undefined ? 'authoritative' : 'additive';
  const { add, remove } =
    change.membersMode === 'unmanaged' ? { add: [], remove: [] } : diffMembers(change.add, live.members, mode, () => undefined);
  const renamed = live.name === change.group;
  const externalIdSet = change.externalId === null || live.externalId === change.externalId;
  if (renamed && externalIdSet && add.length === 0 && remove.length === 0) return undefined;
  return {
    action: 'update',
    group: change.group,
    groupId: live.id,
    ...(renamed ? {} : { renameFrom: live.name }),
    ...(externalIdSet || change.externalId === null ? {} : { externalId: change.externalId }),
    membersMode: change.membersMode,
    add,
    remove,
  };
}
