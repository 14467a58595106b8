import { GroupformError } from '../../errors.js';
import { groupNameKey } from '../../model/normalize.js';
import type { CreateChange, DeleteChange, GroupChange, UpdateChange } from '../../model/types.js';
import { HttpError, isUncertain } from '../http.js';
import { drainedError, type Stop } from '../http/drain.js';
import type { AppliedChange } from '../provider.js';
import { groupPath } from './client.js';
import { createGroupBody, editedMembers, memberIds, planPatchRequests, putGroupBody, type AttributeChanges } from './mapping.js';
import { canFilterGroups } from './profiles.js';
import { listAllGroups } from './read-members.js';
import { isFilterRefusal, type TenantSession } from './session.js';
import { eqFilter, patchBody, readGroup, readListPage, type WireGroup } from './wire.js';

export async function applyScimChange(session: TenantSession, change: GroupChange, stop: Stop = {}): Promise<AppliedChange> {
  switch (change.action) {
    case 'create':
      return createGroup(session, change, stop);
    case 'update':
      await updateGroup(session, change.groupId, { attributes: attributeChanges(change), add: ids(change.add), remove: ids(change.remove) }, stop);
      return { groupId: change.groupId };
    case 'delete':
      return deleteGroup(session, change, stop);
  }
}

function ids(members: readonly { userId: string }[]): string[] {
  return members.map((m) => m.userId);
}

function attributeChanges(change: UpdateChange): AttributeChanges {
  return {
    ...(change.renameFrom === undefined ? {} : { displayName: change.group }),
    ...(change.externalId === undefined ? {} : { externalId: change.externalId }),
  };
}

async function createGroup(session: TenantSession, change: CreateChange, stop: Stop = {}): Promise<AppliedChange> {
  const members = ids(change.add);
  const first = members.slice(0, session.profile.maxCreateMembers);
  const what = `POST /Groups of tenant ${session.tenantId}`;
  let created: WireGroup | undefined;
  try {
    const response = await session.client.request({
      method: 'POST',
      path: '/Groups',
      body: createGroupBody(change.group, change.externalId, first),
      accept: [409],
      ...stop,
    });
    if (response.status !== 409 && response.body !== undefined) created = readGroup(response.body, what);
  } catch (error) {
    if (!isUncertain(error)) throw error;
    if (stop.drain?.aborted === true) {
      throw drainedError(`${error instanceof Error ? error.message : String(error)}; not looked up, so whether group "${change.group}" was created is known only to the next run`);
    }
    // SPEC §5: a create is never blindly repeated; the group is looked up and adopted, or the failure stands.
    const existing = await findGroupByName(session, change.group, stop);
    if (existing === undefined) throw error;
    return adopt(session, change, existing, stop);
  }
  if (created === undefined) {
    const existing = await findGroupByName(session, change.group, stop);
    if (existing === undefined) {
      throw new GroupformError('SCIM_CREATE_CONFLICT', `tenant ${session.tenantId}: creating group "${change.group}" conflicted (409), but no group of that name can be found`);
    }
    return adopt(session, change, existing, stop);
  }
  await updateGroup(session, created.id, { attributes: {}, add: members.slice(first.length), remove: [] }, stop);
  return { groupId: created.id };
}

/** The group exists (409, or an uncertain create that went through): bring it to what the create asked for. */
async function adopt(session: TenantSession, change: CreateChange, existing: WireGroup, stop: Stop = {}): Promise<AppliedChange> {
  // Only members the server shows as present are skipped: re-adding duplicates them on some servers (scimmy).
  const present = new Set(memberIds(existing.members));
  const attributes: AttributeChanges = {
    ...(existing.displayName === change.group ? {} : { displayName: change.group }),
    ...(change.externalId === null || existing.externalId === change.externalId ? {} : { externalId: change.externalId }),
  };
  await updateGroup(session, existing.id, { attributes, add: ids(change.add).filter((id) => !present.has(id)), remove: [] }, stop);
  return { groupId: existing.id, adopted: true };
}

/** By displayName, compared case-insensitively after NFC (the server may compare exactly, or refuse the filter). */
export async function findGroupByName(session: TenantSession, name: string, stop: Stop = {}): Promise<WireGroup | undefined> {
  let candidates: WireGroup[] | undefined;
  if (canFilterGroups(session.profile, 'displayName')) {
    try {
      const response = await session.client.request({
        method: 'GET',
        path: '/Groups',
        query: { filter: eqFilter('displayName', name), count: session.profile.pageSize },
        ...stop,
      });
      const what = `GET /Groups?filter=displayName of tenant ${session.tenantId}`;
      candidates = readListPage(response.body, what).resources.map((r) => readGroup(r, what));
    } catch (error) {
      if (!isFilterRefusal(error)) throw error;
    }
  }
  const key = groupNameKey(name);
  let matches = (candidates ?? []).filter((g) => groupNameKey(g.displayName) === key);
  if (matches.length === 0) matches = (await listAllGroups(session, stop.signal, stop.drain)).filter((g) => groupNameKey(g.displayName) === key);
  return matches.find((g) => g.displayName === name) ?? matches[0];
}

/** What an update does to one group; member lists hold user ids. */
interface GroupEdit {
  attributes: AttributeChanges;
  add: readonly string[];
  remove: readonly string[];
}

async function updateGroup(session: TenantSession, groupId: string, edit: GroupEdit, stop: Stop = {}): Promise<void> {
  if (session.profile.writeStyle === 'put') return putGroup(session, groupId, edit, stop);
  const requests = planPatchRequests(edit.attributes, edit.add, edit.remove, session.profile.maxMembershipChangesPerPatch);
  for (const [i, operations] of requests.entries()) {
    try {
      // PatchOp add/remove by value and replace are idempotent (RFC 7644 §3.5.2), so a retry is safe.
      await session.client.request({ method: 'PATCH', path: groupPath(groupId), body: patchBody(operations), idempotent: true, ...stop });
    } catch (error) {
      // A server without PATCH that never said so in its ServiceProviderConfig: finish by PUT where it exists.
      if (i === 0 && error instanceof HttpError && error.status === 501 && session.profile.groupPut) {
        return putGroup(session, groupId, edit, stop);
      }
      throw error;
    }
  }
}

/** PUT replaces the whole group, so it is computed from the group as it is now, not as it was planned. */
async function putGroup(session: TenantSession, groupId: string, edit: GroupEdit, stop: Stop = {}): Promise<void> {
  const { attributes, add, remove } = edit;
  if (attributes.displayName === undefined && attributes.externalId === undefined && add.length === 0 && remove.length === 0) return;
  const body = await session.client.get(groupPath(groupId), stop);
  if (body === undefined) throw new GroupformError('SCIM_GROUP_GONE', `tenant ${session.tenantId}: group ${groupId} no longer exists`);
  const current = readGroup(body, `GET /Groups/${groupId} of tenant ${session.tenantId}`);
  const next = editedMembers(memberIds(current.members), { add, remove });
  await session.client.request({
    method: 'PUT',
    path: groupPath(groupId),
    body: putGroupBody(attributes.displayName ?? current.displayName, attributes.externalId ?? current.externalId, next),
    ...stop,
  });
}

async function deleteGroup(session: TenantSession, change: DeleteChange, stop: Stop = {}): Promise<AppliedChange> {
  // 404: already gone, which is what the change wanted.
  await session.client.request({ method: 'DELETE', path: groupPath(change.groupId), accept: [404], ...stop });
  return { groupId: change.groupId };
}
