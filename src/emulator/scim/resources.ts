import type { ScimProfile } from './profiles.js';
import type { EmulatorGroup, EmulatorTenant, EmulatorUser } from '../records.js';
import { groupVersion } from './versions.js';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Where a tenant's SCIM resources live, for `meta.location`. */
export interface ScimBase {
  tenant: EmulatorTenant;
  /** e.g. `http://127.0.0.1:4700/T1/scim/v2`. */
  url: string;
}

/** What filters see: always the real members, whatever the server shows (AWS member filters need them). */
export function groupFilterView(group: EmulatorGroup): Record<string, unknown> {
  return {
    id: group.id,
    displayName: group.display,
    ...(group.externalId === undefined ? {} : { externalId: group.externalId }),
    members: group.members.map((value) => ({ value, type: 'User' })),
  };
}

export function userFilterView(user: EmulatorUser): Record<string, unknown> {
  return {
    id: user.userId,
    userName: user.loginIds[0] ?? user.userId,
    displayName: user.display ?? '',
    emails: user.email === undefined ? [] : [{ value: user.email, primary: true }],
    active: true,
  };
}

export function renderGroup(profile: ScimProfile, base: ScimBase, group: EmulatorGroup, forceMembers = false): Record<string, unknown> {
  const showMembers = forceMembers || profile.membersOnGet === 'filled';
  const members = showMembers
    ? group.members.map((value) => {
        const user = base.tenant.users.get(value);
        return {
          value,
          ...(profile.memberDisplay && user?.display !== undefined ? { display: user.display } : {}),
          type: 'User',
          $ref: `${base.url}/Users/${encodeURIComponent(value)}`,
        };
      })
    : [];
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId === undefined ? {} : { externalId: group.externalId }),
    displayName: group.display,
    members,
    meta: {
      resourceType: 'Group',
      created: group.created,
      lastModified: group.lastModified,
      location: `${base.url}/Groups/${encodeURIComponent(group.id)}`,
      ...(profile.etag ? { version: groupVersion(group) } : {}),
    },
  };
}

export function renderUser(base: ScimBase, user: EmulatorUser): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    ...userFilterView(user),
    ...(user.display === undefined ? {} : { name: { formatted: user.display } }),
    meta: { resourceType: 'User', location: `${base.url}/Users/${encodeURIComponent(user.userId)}` },
  };
}

const ALWAYS_RETURNED = new Set(['schemas', 'id', 'meta']);

/** RFC 7644 §3.9 `attributes` / `excludedAttributes`, on top-level attributes. */
export function projectResource(resource: Record<string, unknown>, query: URLSearchParams): Record<string, unknown> {
  const split = (name: string): Set<string> | undefined => {
    const raw = query.get(name);
    return raw === null || raw.trim() === '' ? undefined : new Set(raw.split(',').map((a) => a.trim().toLowerCase()));
  };
  const include = split('attributes');
  const exclude = split('excludedAttributes');
  if (include === undefined && exclude === undefined) return resource;
  return Object.fromEntries(
    Object.entries(resource).filter(([key]) => {
      const lower = key.toLowerCase();
      if (ALWAYS_RETURNED.has(key)) return true;
      if (include !== undefined) return include.has(lower);
      return !(exclude?.has(lower) ?? false);
    }),
  );
}
