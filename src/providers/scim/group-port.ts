import { GroupformError } from '../../errors.js';
import type { LiveGroup } from '../../model/types.js';
import type { Stop } from '../../http/index.js';
import type { MemberRemoval, MemberVisibility } from './profiles.js';
import type { PatchOperation, WireGroup } from './wire.js';

/**
 * The SCIM group calls one writer needs, owned by the writer (group-writer.ts): the SCIM provider and Descope's
 * SCIM API each implement it over their own client, which knows URLs, auth and how refusals are explained.
 */
export interface ScimGroupPort {
  /** Not retried after the server may have acted. undefined: created, but the answer showed no group. A 409 throws. */
  createGroup(body: Record<string, unknown>, stop: Stop): Promise<WireGroup | undefined>;
  /** undefined on 404. The group's `version` is its ETag header where the answer has one. */
  getGroup(groupId: string, stop: Stop): Promise<WireGroup | undefined>;
  /** Groups matching a `displayName eq` filter, exact or case-insensitive as the server compares; undefined: no such filter. */
  findGroupsByName(displayName: string, stop: Stop): Promise<WireGroup[] | undefined>;
  /** Groups matching an `externalId eq` filter; undefined: no such filter. */
  findGroupsByExternalId(externalId: string, stop: Stop): Promise<WireGroup[] | undefined>;
  listGroups(stop: Stop): Promise<WireGroup[]>;
  patchGroup(groupId: string, operations: readonly PatchOperation[], stop: Stop): Promise<void>;
  /** With `ifMatch`, only if the group is still that version: else HTTP 412. */
  replaceGroup(groupId: string, body: Record<string, unknown>, stop: Stop, ifMatch?: string): Promise<void>;
  /** 'gone' when the server answered 404. */
  deleteGroup(groupId: string, stop: Stop): Promise<'deleted' | 'gone'>;
}

/** What the writer needs to know of a server, as data (the profile's write fields). */
export interface GroupWriteLimits {
  maxMembershipChangesPerPatch: number;
  maxCreateMembers: number;
  /** A group's membership PATCHes may be in flight together. */
  concurrentPatches: boolean;
  /** PUT /Groups/{id} exists: the fallback when PATCH is refused. */
  groupPut: boolean;
  /** Whether a group GET shows members: decides what a GET without `members` means before a PUT. */
  membersOnGet: MemberVisibility;
  /** The removal form tried first. */
  memberRemoval: MemberRemoval;
  /** A create with a displayName the server holds answers 409: a create whose answer was lost may be sent again. */
  duplicateNameRefused: boolean;
  /** A PUT may carry If-Match with the version the group's GET showed. */
  ifMatch: boolean;
}

/** One tenant's target: the port, the server's limits and the hooks a provider adds. */
export interface GroupWriteTarget {
  tenantId: string;
  port: ScimGroupPort;
  limits: GroupWriteLimits;
  /**
   * Shared by the provider's tenants: PUT from the start, or once a server refused PATCH outright (405/501); the
   * removal form a server took (`removal`, once one PATCH with removals went through in it).
   */
  mode: { put: boolean; removal?: MemberRemoval };
  /** The group as the last load saw it, when the provider keeps it. */
  loaded?(groupId: string): LiveGroup | undefined;
  /** After a DELETE's 404: throws unless "gone" can be trusted. Absent: a 404 is gone. */
  confirmGone?(groupId: string, stop: Stop): Promise<void>;
}

/**
 * A create whose tenant is not yet proven (Descope: the key check's probe). The writer POSTs without members and
 * asks here before adding any; both calls complete a write that already happened.
 */
export interface CreateProbe {
  /** The group the POST created: resolves once it is provably in the tenant, else throws. */
  confirmCreated(group: WireGroup, stop: Stop): Promise<void>;
  /** The group found by name after a 409 or an uncertain POST; `madeByProbe`: provably this create's own. */
  confirmFound(group: WireGroup, madeByProbe: boolean, stop: Stop): Promise<void>;
}

export function groupGone(tenantId: string, groupId: string): GroupformError {
  return new GroupformError('GROUP_NOT_FOUND', `group ${groupId} of tenant ${tenantId} no longer exists`);
}

export function refuseReadOnly(tenantId: string, group: LiveGroup | undefined): void {
  if (group?.source !== 'jit') return;
  throw new GroupformError(
    'READ_ONLY_GROUP',
    `group "${group.name}" (${group.id}) of tenant ${tenantId} comes from SSO logins (source: jit): the next login would overwrite any change, so groupform never writes it`,
  );
}
