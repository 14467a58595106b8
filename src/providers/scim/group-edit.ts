import { GroupformError } from '../../errors.js';
import { HttpError, MalformedResponseError, type Stop } from '../../http/index.js';
import { groupGone, type GroupWriteTarget } from './group-port.js';
import { editedMembers, hasRemovals, inRemovalForm, memberIds, planPatchRequests, putGroupBody, type AttributeChanges } from './mapping.js';
import type { PatchOperation } from './wire.js';

/** What an update does to one group; member lists hold user ids. */
export interface GroupEdit {
  attributes: AttributeChanges;
  add: readonly string[];
  remove: readonly string[];
}

const isNothing = (edit: GroupEdit) =>
  edit.attributes.displayName === undefined && edit.attributes.externalId === undefined && edit.add.length === 0 && edit.remove.length === 0;

/** RFC 7644 §3.12: 501 for an operation the server does not implement; some gateways say 405. */
const isPatchRefused = (error: unknown) => error instanceof HttpError && (error.status === 501 || error.status === 405);

const isReplace = (operation: PatchOperation) => operation.op === 'replace';

/**
 * A 400 to a PATCH that replaces an attribute: some servers take membership operations but refuse one operation
 * kind (Descope: `replace externalId` is undocumented). Only that change falls back to PUT.
 */
const isReplaceRefused = (error: unknown, operations: readonly PatchOperation[]) =>
  error instanceof HttpError && error.status === 400 && operations.some(isReplace);

/** PATCH add/remove in requests of at most the server's cap; PUT where PATCH is off, or refused and PUT exists. */
export async function editGroup(target: GroupWriteTarget, groupId: string, edit: GroupEdit, stop: Stop): Promise<void> {
  if (isNothing(edit)) return;
  if (!target.mode.put) {
    const requests = planPatchRequests(edit.attributes, edit.add, edit.remove, target.limits.maxMembershipChangesPerPatch);
    try {
      // PatchOp add/remove by value and replace are idempotent (RFC 7644 §3.5.2), so the port may retry them.
      // A first request carrying a replace goes alone: a refusal there turns the whole edit into a PUT. The
      // membership-only requests may all go at once where the server lets a group's PATCHes overlap.
      const [first] = requests;
      const alone = first !== undefined && first.some(isReplace) ? first : undefined;
      const rest = alone === undefined ? requests : requests.slice(1);
      if (alone !== undefined) {
        try {
          await patchRemovingInForm(target, groupId, alone, stop);
        } catch (error) {
          if (isReplaceRefused(error, alone) && target.limits.groupPut) return await putGroup(target, groupId, edit, stop);
          throw error;
        }
      }
      if (target.limits.concurrentPatches) await settleAll(rest.map((operations) => patchRemovingInForm(target, groupId, operations, stop)));
      else for (const operations of rest) await patchRemovingInForm(target, groupId, operations, stop);
      return;
    } catch (error) {
      // A server without PATCH that never said so: the rest of the run writes by PUT, where PUT exists.
      if (!isPatchRefused(error) || !target.limits.groupPut) throw error;
      target.mode.put = true;
    }
  }
  await putGroup(target, groupId, edit, stop);
}

/** Waits for every request, then fails with the first failure: nothing is still in flight when the caller decides. */
async function settleAll(writes: readonly Promise<void>[]): Promise<void> {
  const settled = await Promise.allSettled(writes);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/**
 * Servers disagree on how to remove members: `members[value eq "id"]` is RFC 7644's, `path: members` with a value
 * list the one AWS's public clients use (and Huawei's docs require). Until one PATCH with removals went through,
 * a 400 to it is asked once more in the other form, and the form that worked is kept for the run.
 */
async function patchRemovingInForm(target: GroupWriteTarget, groupId: string, operations: readonly PatchOperation[], stop: Stop): Promise<void> {
  const removes = hasRemovals(operations);
  const form = target.mode.removal ?? target.limits.memberRemoval;
  try {
    await target.port.patchGroup(groupId, inRemovalForm(operations, form), stop);
  } catch (error) {
    if (!removes || target.mode.removal !== undefined || !(error instanceof HttpError && error.status === 400)) throw error;
    // A refused `replace` beside the removals is answered by PUT, where there is one: no second guess at the form.
    if (isReplaceRefused(error, operations) && target.limits.groupPut) throw error;
    const other = form === 'filter' ? 'value' : 'filter';
    try {
      await target.port.patchGroup(groupId, inRemovalForm(operations, other), stop);
    } catch (second) {
      // Refused in both forms: the refusal is not about the form, and the first answer explains it.
      throw second instanceof HttpError && second.status === 400 ? error : second;
    }
    target.mode.removal = other;
    return;
  }
  if (removes) target.mode.removal = form;
}

// A PUT refused for a stale version is built again from a fresh GET, this many times in all.
const MAX_PUT_ATTEMPTS = 3;

const isStale = (error: unknown) => error instanceof HttpError && error.status === 412;

/**
 * PUT replaces the whole group, so it is computed from the group as it is now (the edit's adds and removals are
 * set-like, so requests that already went through are harmless), never from the plan alone. Between that GET and
 * the PUT another writer may add a member the PUT would then drop: where the GET shows a version, the PUT carries
 * it as If-Match and a 412 starts over from a fresh GET; where it shows none, a group whose members changed since
 * the plan in ways the edit does not explain is not written at all (GROUP_CHANGED_CONCURRENTLY).
 */
async function putGroup(target: GroupWriteTarget, groupId: string, edit: GroupEdit, stop: Stop): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await target.port.getGroup(groupId, stop);
    if (current === undefined) throw groupGone(target.tenantId, groupId);
    const members = currentMembers(target, groupId, current.members);
    const version = target.limits.ifMatch ? current.version : undefined;
    if (version === undefined) refuseUnplannedChange(target, groupId, members, edit);
    const next = editedMembers(members, edit);
    const { displayName, externalId } = edit.attributes;
    const body = putGroupBody(displayName ?? current.displayName, externalId ?? current.externalId, next);
    try {
      return await target.port.replaceGroup(groupId, body, stop, version);
    } catch (error) {
      if (!isStale(error) || version === undefined) throw error;
      if (attempt >= MAX_PUT_ATTEMPTS) {
        throw changedConcurrently(target, groupId, `it changed again each of the ${attempt} times it was read and written (HTTP 412: the version no longer matches)`, error);
      }
    }
  }
}

/**
 * Without a version to check, the group as the plan saw it is the check: members present that the plan neither
 * saw nor adds, or gone that it neither saw leave nor removes, mean someone else is writing the group, and a PUT
 * could drop what they wrote.
 */
function refuseUnplannedChange(target: GroupWriteTarget, groupId: string, members: readonly string[], edit: GroupEdit): void {
  const planned = target.loaded?.(groupId);
  if (planned === undefined || planned.membersUnreadable !== undefined) return;
  const seen = new Set(planned.members.map((m) => m.userId));
  const now = new Set(members);
  const adds = new Set(edit.add);
  const removes = new Set(edit.remove);
  const added = members.filter((id) => !seen.has(id) && !adds.has(id));
  const removed = [...seen].filter((id) => !now.has(id) && !removes.has(id));
  if (added.length === 0 && removed.length === 0) return;
  const changes = [
    ...(added.length === 0 ? [] : [`${added.length} member${added.length === 1 ? '' : 's'} added (${added.slice(0, 5).join(', ')}${added.length > 5 ? ', …' : ''})`]),
    ...(removed.length === 0 ? [] : [`${removed.length} removed (${removed.slice(0, 5).join(', ')}${removed.length > 5 ? ', …' : ''})`]),
  ];
  throw changedConcurrently(target, groupId, `since it was planned it has ${changes.join(' and ')}, and the server offers no version (ETag) to write against`);
}

function changedConcurrently(target: GroupWriteTarget, groupId: string, why: string, cause?: unknown): GroupformError {
  return new GroupformError(
    'GROUP_CHANGED_CONCURRENTLY',
    `group ${groupId} of tenant ${target.tenantId} is being changed by someone else: ${why}. A PUT replaces every member, so it was not written; plan and apply again`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * A GET without `members` is empty only where the server shows members on GET (RFC 7643: returned by default;
 * scimmy drops the attribute when a group is emptied). Elsewhere it cannot tell "empty" from "not shown", and a
 * PUT built on a guess could empty the group: the last load's members stand in, or the write is refused.
 */
function currentMembers(target: GroupWriteTarget, groupId: string, shown: readonly { value: string }[] | undefined): string[] {
  const { membersOnGet } = target.limits;
  if ((shown !== undefined && shown.length > 0) || membersOnGet === 'shown') return memberIds(shown);
  const loaded = target.loaded?.(groupId);
  if (loaded !== undefined && loaded.membersUnreadable === undefined) return loaded.members.map((m) => m.userId);
  // A group this run made (or adopted) is not in the load: an empty list shown is all there is to go on.
  if (shown !== undefined && membersOnGet === 'uncertain') return [];
  throw new MalformedResponseError(`GET /Groups/${groupId} of tenant ${target.tenantId} shows no members: cannot PUT the group safely`);
}
