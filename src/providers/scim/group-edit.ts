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

/**
 * A 400 to a PATCH that replaces an attribute: some servers take membership operations but refuse one operation
 * kind (Descope: `replace externalId` is undocumented). Only that change falls back to PUT.
 */
const isReplaceRefused = (error: unknown, operations: readonly PatchOperation[]) =>
  error instanceof HttpError && error.status === 400 && operations.some((o) => o.op === 'replace');

/** PATCH add/remove in requests of at most the server's cap; PUT where PATCH is off, or refused and PUT exists. */
export async function editGroup(target: GroupWriteTarget, groupId: string, edit: GroupEdit, stop: Stop): Promise<void> {
  if (isNothing(edit)) return;
  if (!target.mode.put) {
    const requests = planPatchRequests(edit.attributes, edit.add, edit.remove, target.limits.maxMembershipChangesPerPatch);
    try {
      // PatchOp add/remove by value and replace are idempotent (RFC 7644 §3.5.2), so the port may retry them.
      // The first request carries any replace and goes alone: a refusal there turns the whole edit into a PUT.
      const [first, ...rest] = requests;
      if (first !== undefined) {
        try {
          await patchRemovingInForm(target, groupId, first, stop);
        } catch (error) {
          if (isReplaceRefused(error, first) && target.limits.groupPut) return await putGroup(target, groupId, edit, stop);
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

/**
 * PUT replaces the whole group, so it is computed from the group as it is now (the edit's adds and removals are
 * set-like, so requests that already went through are harmless), never from the plan alone.
 */
async function putGroup(target: GroupWriteTarget, groupId: string, edit: GroupEdit, stop: Stop): Promise<void> {
  const current = await target.port.getGroup(groupId, stop);
  if (current === undefined) throw groupGone(target.tenantId, groupId);
  const members = currentMembers(target, groupId, current.members);
  const next = editedMembers(members, edit);
  const { displayName, externalId } = edit.attributes;
  await target.port.replaceGroup(groupId, putGroupBody(displayName ?? current.displayName, externalId ?? current.externalId, next), stop);
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
