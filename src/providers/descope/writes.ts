import { GroupformError } from '../../errors.js';
import { groupNameKey } from '../../model/normalize.js';
import type { CreateChange, GroupChange, LiveGroup, UpdateChange } from '../../model/types.js';
import { HttpError, MalformedResponseError, NetworkError } from '../http.js';
import type { AppliedChange } from '../provider.js';
import { createGroupBody, planPatchRequests, putGroupBody } from '../scim/mapping.js';
import type { WireGroup as ScimGroup } from '../scim/wire.js';
import type { DescopeScimClient } from './client.js';
import { MAX_MEMBERSHIP_CHANGES, editedMembers, type GroupEdit } from './mapping.js';

// A create whose outcome was uncertain, looked up and found absent, is sent again at most this often in all.
const MAX_CREATE_ATTEMPTS = 3;

/** What writing one tenant's groups needs. */
export interface TenantWriter {
  tenantId: string;
  scim: DescopeScimClient;
  /** Shared by the provider: PUT from the start (writeMode 'put'), or once Descope refused PATCH with 501/405. */
  mode: { put: boolean };
  /** The group as the last load saw it. */
  loaded(groupId: string): LiveGroup | undefined;
}

export function refuseReadOnly(tenantId: string, group: LiveGroup | undefined): void {
  if (group?.source !== 'jit') return;
  throw new GroupformError(
    'READ_ONLY_GROUP',
    `group "${group.name}" (${group.id}) of tenant ${tenantId} comes from SSO logins (source: jit): the next login would overwrite any change, so groupform never writes it`,
  );
}

export async function writeChange(writer: TenantWriter, change: GroupChange, signal?: AbortSignal): Promise<AppliedChange> {
  switch (change.action) {
    case 'create':
      return createGroup(writer, change, signal);
    case 'update':
      refuseReadOnly(writer.tenantId, writer.loaded(change.groupId));
      await editGroup(writer, change.groupId, editOf(change), signal);
      return { groupId: change.groupId };
    case 'delete':
      refuseReadOnly(writer.tenantId, writer.loaded(change.groupId));
      await writer.scim.deleteGroup(change.groupId, signal);
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

/** A failure after which the server may or may not have acted. */
function isUncertain(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof HttpError && error.status >= 500);
}

const isConflict = (error: unknown) => error instanceof HttpError && error.status === 409;

/** RFC 7644 §3.12: 501 for an operation the server does not implement; some gateways say 405. */
const isPatchRefused = (error: unknown) => error instanceof HttpError && (error.status === 501 || error.status === 405);

async function editGroup(writer: TenantWriter, groupId: string, edit: GroupEdit, signal?: AbortSignal): Promise<void> {
  if (isNothing(edit)) return;
  if (!writer.mode.put) {
    const attributes = { ...(edit.rename === undefined ? {} : { displayName: edit.rename }), ...(edit.externalId === undefined ? {} : { externalId: edit.externalId }) };
    try {
      for (const operations of planPatchRequests(attributes, edit.add, edit.remove, MAX_MEMBERSHIP_CHANGES)) {
        await writer.scim.patchGroup(groupId, operations, signal);
      }
      return;
    } catch (error) {
      // PATCH support is UNCERTAIN at Descope (PROVIDERS.md): a refusal switches this run to PUT.
      if (!isPatchRefused(error)) throw error;
      writer.mode.put = true;
    }
  }
  await replaceMembers(writer, groupId, edit, signal);
}

/** PUT mode: read the group, apply the edit to its full member list, write it back. */
async function replaceMembers(writer: TenantWriter, groupId: string, edit: GroupEdit, signal?: AbortSignal): Promise<void> {
  const current = await writer.scim.getGroup(groupId, signal);
  if (current === undefined) throw new GroupformError('GROUP_NOT_FOUND', `group ${groupId} of tenant ${writer.tenantId} no longer exists`);
  const loaded = writer.loaded(groupId);
  // A GET without `members` cannot tell "empty" from "not shown"; a PUT built on a guess could empty the group.
  const members = current.members?.map((m) => m.value) ?? loaded?.members.map((m) => m.userId);
  if (members === undefined) {
    throw new MalformedResponseError(`GET /scim/v2/Groups/${groupId} of tenant ${writer.tenantId} shows no members: cannot PUT the group safely`);
  }
  const name = edit.rename ?? current.displayName;
  await writer.scim.replaceGroup(groupId, putGroupBody(name, edit.externalId ?? current.externalId, editedMembers(members, edit)), signal);
}

/**
 * A create is never blindly repeated (SPEC §5): after a 409 or a failure that leaves the outcome open, the group
 * is looked up by name and adopted; only when it is certainly absent is the create sent again.
 */
async function createGroup(writer: TenantWriter, change: CreateChange, signal?: AbortSignal): Promise<AppliedChange> {
  const members = change.add.map((m) => m.userId);
  const first = members.slice(0, MAX_MEMBERSHIP_CHANGES);
  for (let attempt = 1; ; attempt++) {
    let created: ScimGroup;
    try {
      created = await writer.scim.createGroup(createGroupBody(change.group, change.externalId, first), signal);
    } catch (error) {
      if (!isConflict(error) && !isUncertain(error)) throw error;
      const existing = await findGroupByName(writer, change.group, isConflict(error), signal);
      if (existing !== undefined) {
        await adoptGroup(writer, existing, change, signal);
        return { groupId: existing.id, adopted: true };
      }
      if (isConflict(error)) {
        throw new GroupformError(
          'CREATE_CONFLICT',
          `Descope refused to create group "${change.group}" in tenant ${writer.tenantId} as a duplicate (HTTP 409), but no group of that name can be found`,
          { cause: error },
        );
      }
      if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
      continue;
    }
    const rest = members.slice(first.length);
    if (rest.length > 0) await editGroup(writer, created.id, { add: rest, remove: [] }, signal);
    return { groupId: created.id };
  }
}

/**
 * The one group named `name` (case-insensitively, SPEC §2). Servers that filter exactly miss a case-only
 * difference, so after a 409 with no filter match the whole list is searched.
 */
async function findGroupByName(writer: TenantWriter, name: string, afterConflict: boolean, signal?: AbortSignal): Promise<ScimGroup | undefined> {
  const key = groupNameKey(name);
  const same = (groups: ScimGroup[]) => groups.filter((g) => groupNameKey(g.displayName) === key);
  let matches = same(await writer.scim.findGroupsByName(name, signal));
  if (matches.length === 0 && afterConflict) matches = same(await writer.scim.listGroups(signal));
  if (matches.length <= 1) return matches[0];
  const exact = matches.filter((g) => g.displayName === name);
  if (exact.length === 1) return exact[0];
  throw new GroupformError(
    'AMBIGUOUS_GROUP',
    `tenant ${writer.tenantId} has ${matches.length} groups named "${name}" (${matches.map((g) => g.id).join(', ')}): cannot tell which one to adopt`,
  );
}

/** Makes an existing group what the create wanted: its name, its externalId, and the change's members added. */
async function adoptGroup(writer: TenantWriter, existing: ScimGroup, change: CreateChange, signal?: AbortSignal): Promise<void> {
  refuseReadOnly(writer.tenantId, writer.loaded(existing.id));
  const present = existing.members === undefined ? undefined : new Set(existing.members.map((m) => m.value));
  const edit: GroupEdit = {
    ...(existing.displayName === change.group ? {} : { rename: change.group }),
    ...(change.externalId === null || change.externalId === existing.externalId ? {} : { externalId: change.externalId }),
    add: change.add.map((m) => m.userId).filter((id) => present === undefined || !present.has(id)),
    remove: [],
  };
  await editGroup(writer, existing.id, edit, signal);
}
