import { GroupformError } from '../../errors.js';
import { groupNameKey } from '../../model/normalize.js';
import type { CreateChange, GroupChange, UpdateChange } from '../../model/types.js';
import { HttpError, drainedError, isDrained, isUncertain, type Stop } from '../../http/index.js';
import type { AppliedChange } from '../provider.js';
import { afterWrite } from '../after-write.js';
import { editGroup, type GroupEdit } from './group-edit.js';
import { refuseReadOnly, type CreateProbe, type GroupWriteTarget } from './group-port.js';
import { createGroupBody, memberIds, type AttributeChanges } from './mapping.js';
import { writeNewGroup } from './new-group-lag.js';
import { countingProbe, countingTarget } from './write-tally.js';
import { markWritten } from '../written.js';
import { isFilterRefusal } from './session.js';
import type { WireGroup } from './wire.js';

/**
 * The one SCIM group writer, for the SCIM provider and Descope alike: create (adopting after a 409 or an uncertain
 * failure), PATCH or PUT, delete. Each server's differences are data (GroupWriteLimits) or hooks on the target.
 * With `probe`, a create proves the tenant before any member is added (Descope's key check). A change that fails
 * carries what its requests wrote before the failure (writtenBefore).
 */
export async function writeGroupChange(target: GroupWriteTarget, change: GroupChange, stop: Stop, probe?: CreateProbe): Promise<AppliedChange> {
  const counted = countingTarget(target);
  try {
    return await writeChange(counted.target, change, stop, countingProbe(probe, counted.written));
  } catch (error) {
    throw markWritten(error, counted.written);
  }
}

async function writeChange(target: GroupWriteTarget, change: GroupChange, stop: Stop, probe?: CreateProbe): Promise<AppliedChange> {
  switch (change.action) {
    case 'create':
      return createGroup(target, change, stop, probe);
    case 'update':
      await editGroup(target, change.groupId, editOf(change), stop);
      return { groupId: change.groupId };
    case 'delete':
      if ((await target.port.deleteGroup(change.groupId, stop)) === 'gone') await target.confirmGone?.(change.groupId, stop);
      return { groupId: change.groupId };
  }
}

const ids = (members: readonly { userId: string }[]) => members.map((m) => m.userId);

function editOf(change: UpdateChange): GroupEdit {
  return {
    attributes: {
      ...(change.renameFrom === undefined ? {} : { displayName: change.group }),
      ...(change.externalId === undefined ? {} : { externalId: change.externalId }),
    },
    add: ids(change.add),
    remove: ids(change.remove),
  };
}

const isConflict = (error: unknown): error is HttpError => error instanceof HttpError && error.status === 409;

/**
 * A create is never blindly repeated: after a 409 or a failure that leaves the outcome open, the group is looked
 * up by name and adopted. An uncertain create the lookup does not find is not sent again either: the server may
 * still be acting on it, and a second POST could make a duplicate. The change fails, and the next run plans
 * again from what is there.
 */
async function createGroup(target: GroupWriteTarget, change: CreateChange, stop: Stop, probe: CreateProbe | undefined): Promise<AppliedChange> {
  const members = ids(change.add);
  // A probe's group may land in another tenant: none of this tenant's users goes with it.
  const first = probe === undefined ? members.slice(0, target.limits.maxCreateMembers) : [];
  let created: WireGroup | undefined;
  try {
    created = await target.port.createGroup(createGroupBody(change.group, change.externalId, first), stop);
  } catch (error) {
    if (!isConflict(error) && !isUncertain(error)) throw error;
    if (isUncertain(error) && stop.drain?.aborted === true) {
      throw drainedError(`${error.message}; not looked up, so whether group "${change.group}" was created is known only to the next run`);
    }
    const existing = await findGroupByName(target, change.group, isConflict(error), stop);
    if (existing !== undefined) {
      // A probe's POST carried no members: an empty group of exactly that name may be what it made.
      if (probe !== undefined) await probe.confirmFound(existing, !isConflict(error) && existing.displayName === change.group && existing.members?.length === 0, stop);
      return adoptGroup(target, existing, change, stop);
    }
    if (isConflict(error)) {
      throw new GroupformError(
        'CREATE_CONFLICT',
        `tenant ${target.tenantId} refused to create group "${change.group}" as a duplicate (HTTP 409), but no group of that name can be found`,
        { cause: error },
      );
    }
    throw new GroupformError(error.code, `${error.message}; no group "${change.group}" was found afterwards, and a create is not sent twice: the next run creates or adopts it`, { cause: error });
  }
  if (created === undefined) {
    // Created, but the answer did not show the group: find it to learn its id.
    const existing = await findGroupByName(target, change.group, false, stop);
    if (existing === undefined) throw new GroupformError('GROUP_NOT_FOUND', `tenant ${target.tenantId} answered the create of group "${change.group}" without the group, and no group of that name can be found`);
    if (probe !== undefined) await probe.confirmCreated(existing, stop);
    return adoptGroup(target, existing, change, stop, false);
  }
  if (probe !== undefined) await probe.confirmCreated(created, stop);
  const rest = members.slice(first.length);
  try {
    await writeNewGroup(() => editGroup(target, created.id, { attributes: {}, add: rest, remove: [] }, stop), stop);
  } catch (error) {
    const written = `group "${change.group}" was created (${created.id}) with ${first.length === 0 ? 'none' : `the first ${first.length}`} of its ${members.length} members`;
    if (isDrained(error)) throw drainedError(`${written}; not all the ${first.length === 0 ? 'members' : 'others'} were added`);
    throw afterWrite(error, `${written}; adding the ${first.length === 0 ? 'members' : 'others'} stopped at a refusal`);
  }
  return { groupId: created.id };
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
  let filtered: WireGroup[] | undefined;
  try {
    filtered = await target.port.findGroupsByName(name, stop);
  } catch (error) {
    if (!isFilterRefusal(error)) throw error;
  }
  let matches = same(filtered ?? []);
  if (matches.length === 0 && (afterConflict || filtered === undefined)) matches = same(await target.port.listGroups(stop));
  if (matches.length <= 1) return matches[0];
  const exact = matches.filter((g) => g.displayName === name);
  if (exact.length === 1) return exact[0];
  throw new GroupformError(
    'AMBIGUOUS_GROUP',
    `tenant ${target.tenantId} has ${matches.length} groups named "${name}" (${matches.map((g) => g.id).join(', ')}): cannot tell which one to adopt`,
  );
}

/** Makes an existing group what the create wanted: its name, its externalId, and the change's members added. */
async function adoptGroup(target: GroupWriteTarget, existing: WireGroup, change: CreateChange, stop: Stop, adopted = true): Promise<AppliedChange> {
  refuseReadOnly(target.tenantId, target.loaded?.(existing.id));
  // Only members the server shows as present are skipped: re-adding duplicates them on some servers (scimmy).
  const present = new Set(memberIds(existing.members));
  const attributes: AttributeChanges = {
    ...(existing.displayName === change.group ? {} : { displayName: change.group }),
    ...(change.externalId === null || existing.externalId === change.externalId ? {} : { externalId: change.externalId }),
  };
  await editGroup(target, existing.id, { attributes, add: ids(change.add).filter((id) => !present.has(id)), remove: [] }, stop);
  return adopted ? { groupId: existing.id, adopted: true } : { groupId: existing.id };
}
