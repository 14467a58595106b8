import type { ScimProfileName } from '../../model/types.js';
import type { Throttle } from '../http.js';

/**
 * Whether a group read shows its members: 'shown' (RFC 7643: `members` is returned by default, so absent
 * means empty), 'hidden' (documented empty), 'uncertain' (sources disagree: detect, never assume).
 */
export type MemberVisibility = 'shown' | 'hidden' | 'uncertain';

/** Group filters a client may send: `eq` on one attribute, or AWS's `id eq "g" and members eq "u"`. */
export type GroupFilter = 'displayName' | 'externalId' | 'id' | 'id and members' | 'members.value';

/** One SCIM server family's documented behaviour, as data (STYLE habit 9). Sources: PROVIDERS.md. */
export interface ScimClientProfile {
  name: ScimProfileName | 'descope';
  /** `count` sent on every list; narrowed by ServiceProviderConfig `filter.maxResults`. */
  pageSize: number;
  /** 'cursor': AWS's `cursor` / `nextCursor` (an empty `cursor` asks for that format); 'index': `startIndex`. */
  paging: 'index' | 'cursor';
  /** Huawei: the user list takes no `startIndex`, so only its first page can be read. */
  usersPageable: boolean;
  /** PUT /Groups/{id} exists (used only when the server says PATCH is unsupported). */
  groupPut: boolean;
  /** Membership changes (added values plus removed members) per PATCH request. */
  maxMembershipChangesPerPatch: number;
  /** Members sent with POST /Groups; the rest follow by PATCH. */
  maxCreateMembers: number;
  groupFilters: readonly GroupFilter[];
  /** Whether `userName eq` works; else users are found by listing them. */
  userNameFilter: boolean;
  membersOnList: MemberVisibility;
  membersOnGet: MemberVisibility;
  contentType: string;
  requestIdHeaders: string[];
  /** Client-side throttle when the config sets none; undefined: none. */
  throttle?: Throttle;
}

// RFC 7644 sets no limits; 100 keeps every request small on servers that never documented theirs.
const rfc7644: ScimClientProfile = {
  name: 'rfc7644',
  pageSize: 100,
  paging: 'index',
  usersPageable: true,
  groupPut: true,
  maxMembershipChangesPerPatch: 100,
  maxCreateMembers: 100,
  groupFilters: ['displayName', 'externalId', 'id', 'id and members', 'members.value'],
  userNameFilter: true,
  membersOnList: 'shown',
  membersOnGet: 'shown',
  contentType: 'application/scim+json',
  requestIdHeaders: ['x-request-id'],
};

// AWS IAM Identity Center SCIM guide: no group PUT, 100 membership changes per PATCH, ListGroups count 1-100,
// "GetGroup and ListGroups return an empty member list. To see group info for a certain member, call
// ListGroups with a member filter"; `members.value eq` is the newer revision (cursor paging).
const aws: ScimClientProfile = {
  name: 'aws',
  pageSize: 100,
  paging: 'cursor',
  usersPageable: true,
  groupPut: false,
  maxMembershipChangesPerPatch: 100,
  maxCreateMembers: 100,
  groupFilters: ['displayName', 'externalId', 'id', 'id and members', 'members.value'],
  userNameFilter: true,
  membersOnList: 'hidden',
  membersOnGet: 'hidden',
  contentType: 'application/json',
  requestIdHeaders: ['x-amzn-requestid'],
};

// Huawei IAM Identity Center SCIM: no group PUT, lists of at most 50, users without startIndex, filters `eq` on
// displayName or id only, 100 members per create and per PATCH. Members on GET/list: UNCERTAIN (SDK says
// empty, the API reference example shows them), so both are detected.
const huawei: ScimClientProfile = {
  name: 'huawei',
  pageSize: 50,
  paging: 'index',
  usersPageable: false,
  groupPut: false,
  maxMembershipChangesPerPatch: 100,
  maxCreateMembers: 100,
  groupFilters: ['displayName', 'id'],
  userNameFilter: true,
  membersOnList: 'uncertain',
  membersOnGet: 'uncertain',
  contentType: 'application/json',
  requestIdHeaders: ['x-request-id'],
};

// Descope's SCIM API (`{baseUrl}/scim/v2`, the key picks the tenant). PATCH is "probably accepted" and PUT
// exists; no caps are documented, so AWS's 100 keeps each request small for any reading. Whether a group read
// shows members is not documented. Limits are published per IP and per project, roughly 100-500 requests per
// 60 s with a 60 s lock-out: the lowest as a sliding window (a run of 100 never waits), shared by the management
// client and every tenant's SCIM client; `http.maxRequestsPerMinute` raises it.
const descope: ScimClientProfile = {
  ...rfc7644,
  name: 'descope',
  groupFilters: ['displayName'],
  membersOnList: 'uncertain',
  membersOnGet: 'uncertain',
  throttle: { requests: 100, perMs: 60_000 },
};

export const scimClientProfiles: Readonly<Record<ScimProfileName | 'descope', ScimClientProfile>> = { rfc7644, aws, huawei, descope };

/** What a server's GET /ServiceProviderConfig says; undefined where it says nothing usable. */
export interface ServiceProviderFacts {
  patchSupported?: boolean;
  filterMaxResults?: number;
}

/** The write style: PATCH unless the server says it has none and PUT exists for groups. */
export type GroupWriteStyle = 'patch' | 'put';

export interface EffectiveProfile extends ScimClientProfile {
  writeStyle: GroupWriteStyle;
}

/** ServiceProviderConfig only narrows a profile: a smaller page, or PUT where PATCH is declared unsupported. */
export function narrowProfile(profile: ScimClientProfile, facts: ServiceProviderFacts | undefined): EffectiveProfile {
  const maxResults = facts?.filterMaxResults;
  const pageSize = maxResults !== undefined && maxResults >= 1 ? Math.min(profile.pageSize, maxResults) : profile.pageSize;
  const writeStyle: GroupWriteStyle = facts?.patchSupported === false && profile.groupPut ? 'put' : 'patch';
  return { ...profile, pageSize, writeStyle };
}

export function canFilterGroups(profile: ScimClientProfile, filter: GroupFilter): boolean {
  return profile.groupFilters.includes(filter);
}
