import { GroupformError } from '../../errors.js';
import type { CreateChange, GroupChange, UpdateChange } from '../../model/types.js';
import { HttpError, drainedError, isDrained, isUncertain, type NetworkError, type Stop } from '../../http/index.js';
import type { AppliedChange } from '../provider.js';
import { afterWrite } from '../after-write.js';
import { editGroup, type GroupEdit } from './group-edit.js';
import { refuseReadOnly, type CreateProbe, type GroupWriteTarget } from './group-port.js';
import { createGroupBody, memberIds, type AttributeChanges } from './mapping.js';
import { writeNewGroup } from './new-group-lag.js';
import { countingProbe, countingTarget } from './write-tally.js';
import { markWritten } from '../written.js';
import { findCreatedGroup } from './find-created.js';
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

// POSTs of one create at most: the first and, where a duplicate name is refused, two more after lost answers.
const MAX_CREATE_SENDS = 3;

async function createGroup(target: GroupWriteTarget, change: CreateChange, stop: Stop, probe: CreateProbe | undefined): Promise<AppliedChange> {
  const members = ids(change.add);
  // A probe's group may land in another tenant: none of this tenant's users goes with it.
  const first = probe === undefined ? members.slice(0, target.limits.maxCreateMembers) : [];
  const sent = await sendCreate(target, change, createGroupBody(change.group, change.externalId, first), stop);
  if (sent.found !== undefined) {
    const { found } = sent;
    // A probe's POST carried no members: an empty group of exactly that name may be what it made.
    if (probe !== undefined) await probe.confirmFound(found, sent.madeHere && found.displayName === change.group && found.members?.length === 0, stop);
    return adoptGroup(target, found, change, stop);
  }
  const { created } = sent;
  if (created === undefined) {
    // Created, but the answer did not show the group: find it to learn its id.
    const existing = await findCreatedGroup(target, { name: change.group, externalId: change.externalId, afterConflict: false, patient: true }, stop);
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

/** What the POSTs of one create came to: the group answered (undefined: created, but not shown), or one found. */
type SendOutcome = { created: WireGroup | undefined; found?: undefined } | { found: WireGroup; madeHere: boolean };

/**
 * A create is never blindly repeated. After a 409, or a failure that leaves the outcome open (a 5xx, a lost
 * answer), the group is looked up by name and by externalId and adopted. An uncertain create the lookup does not
 * find is sent again only where the server refuses a second group of the same name (the profile's
 * `duplicateNameRefused`): there a 409 to the resend means "it was made", and is adopted. Elsewhere a second POST
 * could make a duplicate, so after a patient lookup the change fails as CREATE_UNCERTAIN and the next run plans
 * again from what is there.
 */
async function sendCreate(target: GroupWriteTarget, change: CreateChange, body: Record<string, unknown>, stop: Stop): Promise<SendOutcome> {
  for (let sends = 1; ; sends++) {
    let failure: HttpError | NetworkError;
    try {
      return { created: await target.port.createGroup(body, stop) };
    } catch (error) {
      if (!isConflict(error) && !isUncertain(error)) throw error;
      failure = error;
    }
    const conflict = isConflict(failure);
    if (!conflict && stop.drain?.aborted === true) {
      throw drainedError(`${failure.message}; not looked up, so whether group "${change.group}" was created is known only to the next run`);
    }
    const resend = !conflict && target.limits.duplicateNameRefused && sends < MAX_CREATE_SENDS;
    const lookup = { name: change.group, externalId: change.externalId, afterConflict: conflict, patient: !resend };
    const found = await findCreatedGroup(target, lookup, stop);
    // Every POST so far went unanswered: the group found is this create's own, or someone else's of that name.
    if (found !== undefined) return { found, madeHere: !conflict };
    if (conflict) {
      throw new GroupformError(
        'CREATE_CONFLICT',
        `tenant ${target.tenantId} refused to create group "${change.group}" as a duplicate (HTTP 409), but no group of that name can be found`,
        { cause: failure },
      );
    }
    if (!resend) throw createUncertain(target, change, failure, sends);
    if (stop.drain?.aborted === true) {
      throw drainedError(`${failure.message}; no group "${change.group}" was found, and the create was not sent again: the next run creates or adopts it`);
    }
  }
}

function createUncertain(target: GroupWriteTarget, change: CreateChange, failure: HttpError | NetworkError, sends: number): GroupformError {
  const why = target.limits.duplicateNameRefused
    ? `it was sent ${sends} times without an answer`
    : 'this server may accept a second group of the same name, so the create is not sent again';
  return new GroupformError(
    'CREATE_UNCERTAIN',
    `${failure.message}; whether group "${change.group}" was created in tenant ${target.tenantId} is unknown: no such group shows, and ${why}. The next run creates or adopts it`,
    { cause: failure },
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
