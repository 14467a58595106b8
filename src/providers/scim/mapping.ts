import { compareStrings } from '../../model/normalize.js';
import type { LiveUser } from '../../model/types.js';
import type { MemberRemoval } from './profiles.js';
import { GROUP_SCHEMA, removeMemberPath, type PatchOperation, type WireMember, type WireUser } from './wire.js';

export function toLiveUser(user: WireUser): LiveUser {
  return {
    userId: user.id,
    loginIds: user.userName === undefined ? [] : [user.userName],
    ...(user.displayName === undefined ? {} : { display: user.displayName }),
  };
}

/** Member user ids, once each (scimmy stores a re-added member twice), sorted. */
export function memberIds(members: readonly WireMember[] | undefined): string[] {
  return [...new Set((members ?? []).map((m) => m.value))].sort(compareStrings);
}

function wireMembers(userIds: readonly string[]): { value: string }[] {
  return userIds.map((value) => ({ value }));
}

export function createGroupBody(displayName: string, externalId: string | null, userIds: readonly string[]): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    displayName,
    ...(externalId === null ? {} : { externalId }),
    ...(userIds.length === 0 ? {} : { members: wireMembers(userIds) }),
  };
}

export function putGroupBody(displayName: string, externalId: string | undefined, userIds: readonly string[]): Record<string, unknown> {
  return { schemas: [GROUP_SCHEMA], displayName, ...(externalId === undefined ? {} : { externalId }), members: wireMembers(userIds) };
}

/** The member list after an edit, for PUT: current order kept, additions appended in the order given. */
export function editedMembers(current: readonly string[], edit: { add: readonly string[]; remove: readonly string[] }): string[] {
  const removed = new Set(edit.remove);
  const members = new Set(current.filter((id) => !removed.has(id)));
  for (const id of edit.add) if (!removed.has(id)) members.add(id);
  return [...members];
}

export interface AttributeChanges {
  displayName?: string;
  externalId?: string;
}

/**
 * The PATCH requests for one group, in order: attribute replaces ride in the first request; then adds
 * (`add` with a value list), then removals (one `members[value eq "…"]` each, never `replace` members nor a
 * path-only remove of all members). Each request holds at most `cap` membership changes.
 */
export function planPatchRequests(
  attributes: AttributeChanges,
  add: readonly string[],
  remove: readonly string[],
  cap: number,
): PatchOperation[][] {
  const requests: PatchOperation[][] = [];
  let current: PatchOperation[] = [];
  let used = 0;
  if (attributes.displayName !== undefined) current.push({ op: 'replace', path: 'displayName', value: attributes.displayName });
  if (attributes.externalId !== undefined) current.push({ op: 'replace', path: 'externalId', value: attributes.externalId });
  const flush = (): void => {
    if (current.length > 0) requests.push(current);
    current = [];
    used = 0;
  };
  for (let i = 0; i < add.length; ) {
    if (used === cap) flush();
    const take = add.slice(i, i + (cap - used));
    current.push({ op: 'add', path: 'members', value: wireMembers(take) });
    used += take.length;
    i += take.length;
  }
  for (const userId of remove) {
    if (used === cap) flush();
    current.push({ op: 'remove', path: removeMemberPath(userId) });
    used += 1;
  }
  flush();
  return requests;
}

const REMOVED = /^members\[value eq (".*")\]$/s;

/** The user a `members[value eq "id"]` removal names; undefined for any other operation. */
function removedByFilter(operation: PatchOperation): string | undefined {
  if (operation.op !== 'remove') return undefined;
  const quoted = REMOVED.exec(operation.path)?.[1];
  return quoted === undefined ? undefined : (JSON.parse(quoted) as string);
}

export function hasRemovals(operations: readonly PatchOperation[]): boolean {
  return operations.some((o) => removedByFilter(o) !== undefined);
}

/**
 * One request's operations with its removals in `form`: as planned (`members[value eq "id"]` each), or as one
 * `{op: remove, path: members, value: [...]}` (never a path-only remove, which would empty the group).
 */
export function inRemovalForm(operations: readonly PatchOperation[], form: MemberRemoval): PatchOperation[] {
  if (form === 'filter') return [...operations];
  const removed = operations.flatMap((o) => removedByFilter(o) ?? []);
  if (removed.length === 0) return [...operations];
  return [...operations.filter((o) => removedByFilter(o) === undefined), { op: 'remove', path: 'members', value: wireMembers(removed) }];
}
