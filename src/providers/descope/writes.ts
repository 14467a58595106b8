import { GroupformError } from '../../errors.js';
import { groupNameKey } from '../../model/normalize.js';
import type { CreateChange, GroupChange, LiveGroup, UpdateChange } from '../../model/types.js';
import { HttpError, MalformedResponseError, isUncertain } from '../http.js';
import { drainedError, isDrained, type Stop } from '../http/drain.js';
import type { AppliedChange } from '../provider.js';
import { createGroupBody, editedMembers, planPatchRequests, putGroupBody } from '../scim/mapping.js';
import type { WireGroup as ScimGroup } from '../scim/wire.js';
import { afterWrite } from './after-write.js';
import type { DescopeScimClient } from './client.js';
import type { CreateProbe } from './key-check.js';
import { MAX_MEMBERSHIP_CHANGES, type GroupEdit } from './mapping.js';

/** What writing one tenant's groups needs. */
export interface TenantWriter {
  tenantId: string;
  scim: DescopeScimClient;
  /** Shared by the provider: PUT from the start (writeMode 'put'), or once Descope refused PATCH with 501/405. */
  mode: { put: boolean };
  /** The group as the last load saw it. */
  loaded(groupId: string): LiveGroup | undefined;
  /** After a DELETE's 404: throws unless "gone" can be trusted (key-check.ts). */
  confirmGone(groupId: string, stop: Stop): Promise<void>;
}

export function refuseReadOnly(tenantId: string, group: LiveGroup | undefined): void {
  if (group?.source !== 'jit') return;
  throw new GroupformError(
    'READ_ONLY_GROUP',
    `group "${group.name}" (${group.id}) of tenant ${tenantId} comes from SSO logins (source: jit): the next login would overwrite any change, so groupform never writes it`,
  );
}

/** Refuses, before any request (the key check's included), a change to a group the load saw as jit. */
export function refuseReadOnlyChange(tenantId: string, change: GroupChange, loaded: (groupId: string) => LiveGroup | undefined): void {
  if (change.action !== 'create') refuseReadOnly(tenantId, loaded(change.groupId));
}

/**
 * Performs one change; the caller has refused read-only groups (refuseReadOnlyChange). With `probe`, a create
 * checks the tenant's SCIM key before any member is added (key-check.ts).
 */
export async function writeChange(writer: TenantWriter, change: GroupChange, stop: Stop, probe?: CreateProbe): Promise<AppliedChange> {
  switch (change.action) {
    case 'create':
      return createGroup(writer, change, stop, probe);
    case 'update':
      await editGroup(writer, change.groupId, editOf(change), stop);
      return { groupId: change.groupId };
    case 'delete':
      if ((await writer.scim.deleteGroup(change.groupId, stop)) === 'gone') await writer.confirmGone(change.groupId, stop);
      return { groupId: change.groupId };
  }
}

function editOf(change: UpdateChange): GroupEdit {
  return {
    ...(change.renameFrom === undefined ? {} : { rename: change.group }),
    ...(change.externalId === undefined ? {} : { externalId: change.externalId }),
    add: change.add.map((m) => m.userId),
    remove: change.remove.map((m) => m.userId),
  };
}

const isNothing = (edit: GroupEdit) => edit.rename === undefined && edit.externalId === undefined && edit.add.length === 0 && edit.remove.length === 0;

const isConflict = (error: unknown): error is HttpError => error instanceof HttpError && error.status === 409;

/** RFC 7644 §3.12: 501 for an operation the server does not implement; some gateways say 405. */
const isPatchRefused = (error: unknown) => error instanceof HttpError && (error.status === 501 || error.status === 405);

async function editGroup(writer: TenantWriter, groupId: string, edit: GroupEdit, stop: Stop): Promise<void> {
  if (isNothing(edit)) return;
  if (!writer.mode.put) {
    const attributes = { ...(edit.rename === undefined ? {} : { displayName: edit.rename }), ...(edit.externalId === undefined ? {} : { externalId: edit.externalId }) };
    try {
      for (const operations of planPatchRequests(attributes, edit.add, edit.remove, MAX_MEMBERSHIP_CHANGES)) {
        await writer.scim.patchGroup(groupId, operations, stop);
      }
      return;
    } catch (error) {
      // PATCH support is UNCERTAIN at Descope (PROVIDERS.md): a refusal switches this run to PUT.
      if (!isPatchRefused(error)) throw error;
      writer.mode.put = true;
    }
  }
  await replaceMembers(writer, groupId, edit, stop);
}

/** PUT mode: read the group, apply the edit to its full member list, write it back. */
async function replaceMembers(writer: TenantWriter, groupId: string, edit: GroupEdit, stop: Stop): Promise<void> {
  const current = await writer.scim.getGroup(groupId, stop);
  if (current === undefined) throw new GroupformError('GROUP_NOT_FOUND', `group ${groupId} of tenant ${writer.tenantId} no longer exists`);
  const loaded = writer.loaded(groupId);
  // A GET without `members` cannot tell "empty" from "not shown"; a PUT built on a guess could empty the group.
  const members = current.members?.map((m) => m.value) ?? loaded?.members.map((m) => m.userId);
  if (members === undefined) {
    throw new MalformedResponseError(`GET /scim/v2/Groups/${groupId} of tenant ${writer.tenantId} shows no members: cannot PUT the group safely`);
  }
  const name = edit.rename ?? current.displayName;
  await writer.scim.replaceGroup(groupId, putGroupBody(name, edit.externalId ?? current.externalId, editedMembers(members, edit)), stop);
}

/**
 * A create is never blindly repeated (SPEC §5): after a 409 or a failure that leaves the outcome open, the group
 * is looked up by name and adopted. An uncertain create the lookup does not find is not sent again either (as
 * for SCIM): the server may still be acting on it, and a second POST could make a duplicate. The change fails,
 * and the next run plans again from what is there.
 */
async function createGroup(writer: TenantWriter, change: CreateChange, stop: Stop, probe: CreateProbe | undefined): Promise<AppliedChange> {
  const members = change.add.map((m) => m.userId);
  // A probe's group may land in another tenant: none of this tenant's users goes with it.
  const first = probe === undefined ? members.slice(0, MAX_MEMBERSHIP_CHANGES) : [];
  let created: ScimGroup;
  try {
    created = await writer.scim.createGroup(createGroupBody(change.group, change.externalId, first), stop);
  } catch (error) {
    if (!isConflict(error) && !isUncertain(error)) throw error;
    if (isUncertain(error) && stop.drain?.aborted === true) {
      throw drainedError(`${error.message}; not looked up, so whether group "${change.group}" was created is known only to the next run`);
    }
    const existing = await findGroupByName(writer, change.group, isConflict(error), stop);
    if (existing !== undefined) {
      // A probe's POST carried no members: an empty group of exactly that name may be what it made.
      if (probe !== undefined) await probe.confirmFound(existing, !isConflict(error) && existing.displayName === change.group && existing.members?.length === 0, stop);
      await adoptGroup(writer, existing, change, stop);
      return { groupId: existing.id, adopted: true };
    }
    if (isConflict(error)) {
      throw new GroupformError(
        'CREATE_CONFLICT',
        `Descope refused to create group "${change.group}" in tenant ${writer.tenantId} as a duplicate (HTTP 409), but no group of that name can be found`,
        { cause: error },
      );
    }
    throw new GroupformError(error.code, `${error.message}; no group "${change.group}" was found afterwards, and a create is not sent twice: the next run creates or adopts it`, { cause: error });
  }
  if (probe !== undefined) await probe.confirmCreated(created, stop);
  const rest = members.slice(first.length);
  try {
    if (rest.length > 0) await editGroup(writer, created.id, { add: rest, remove: [] }, stop);
  } catch (error) {
    const written = `group "${change.group}" was created (${created.id}) with ${first.length === 0 ? 'none' : `the first ${first.length}`} of its ${members.length} members`;
    if (isDrained(error)) throw drainedError(`${written}; not all the ${first.length === 0 ? 'members' : 'others'} were added`);
    throw afterWrite(error, `${written}; adding the ${first.length === 0 ? 'members' : 'others'} failed`);
  }
  return { groupId: created.id };
}

/**
 * The one group named `name` (case-insensitively, SPEC §2). Servers that filter exactly miss a case-only
 * difference, so after a 409 with no filter match the whole list is searched.
 */
async function findGroupByName(writer: TenantWriter, name: string, afterConflict: boolean, stop: Stop): Promise<ScimGroup | undefined> {
  const key = groupNameKey(name);
  const same = (groups: ScimGroup[]) => groups.filter((g) => groupNameKey(g.displayName) === key);
  let matches = same(await writer.scim.findGroupsByName(name, stop));
  if (matches.length === 0 && afterConflict) matches = same(await writer.scim.listGroups(stop));
  if (matches.length <= 1) return matches[0];
  const exact = matches.filter((g) => g.displayName === name);
  if (exact.length === 1) return exact[0];
  throw new GroupformError(
    'AMBIGUOUS_GROUP',
    `tenant ${writer.tenantId} has ${matches.length} groups named "${name}" (${matches.map((g) => g.id).join(', ')}): cannot tell which one to adopt`,
  );
}

/** Makes an existing group what the create wanted: its name, its externalId, and the change's members added. */
async function adoptGroup(writer: TenantWriter, existing: ScimGroup, change: CreateChange, stop: Stop): Promise<void> {
  refuseReadOnly(writer.tenantId, writer.loaded(existing.id));
  const present = existing.members === undefined ? undefined : new Set(existing.members.map((m) => m.value));
  const edit: GroupEdit = {
    ...(existing.displayName === change.group ? {} : { rename: change.group }),
    ...(change.externalId === null || change.externalId === existing.externalId ? {} : { externalId: change.externalId }),
    add: change.add.map((m) => m.userId).filter((id) => present === undefined || !present.has(id)),
    remove: [],
  };
  await editGroup(writer, existing.id, edit, stop);
}
