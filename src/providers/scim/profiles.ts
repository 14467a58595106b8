import type { ScimProfileName } from '../../model/types.js';
import type { RateLimits } from '../../http/index.js';

/**
 * Whether a group read shows its members: 'shown' (RFC 7643: `members` is returned by default, so absent
 * means empty), 'hidden' (documented empty), 'uncertain' (sources disagree: detect, never assume).
 */
export type MemberVisibility = 'shown' | 'hidden' | 'uncertain';

/** How a PATCH removes members: `members[value eq "id"]` each (RFC 7644), or `path: members` with a value list. */
export type MemberRemoval = 'filter' | 'value';

/** Group filters a client may send: `eq` on one attribute, or AWS's `id eq "g" and members eq "u"`. */
export type GroupFilter = 'displayName' | 'externalId' | 'id' | 'id and members' | 'members.value';

/** One SCIM server family's documented behaviour, as data (docs/architecture.md, Habits). Sources: docs/providers.md. */
export interface ScimClientProfile {
  name: ScimProfileName | 'descope';
  /** `count` sent on every list; narrowed by ServiceProviderConfig `filter.maxResults`. */
  pageSize: number;
  /** 'cursor': AWS's `cursor` / `nextCursor` (an empty `cursor` asks for that format); 'index': `startIndex`. */
  paging: 'index' | 'cursor';
  /** Whether lists take `startIndex` (Huawei users and AWS do not: AWS pages by cursor, Huawei's users not at all). */
  startIndex: { groups: boolean; users: boolean };
  /** 'page': totalResults may count only the page answered, so a full page reaching it proves no end. */
  listTotals: 'all' | 'page';
  /** PUT /Groups/{id} exists (used only when the server says PATCH is unsupported). */
  groupPut: boolean;
  /** Membership changes (added values plus removed members) per PATCH request. */
  maxMembershipChangesPerPatch: number;
  /** Members sent with POST /Groups; the rest follow by PATCH. */
  maxCreateMembers: number;
  /** How a PATCH removes members first: `members[value eq "id"]` each (RFC 7644), or `path: members` with a value
   * list (AWS's public clients; Huawei's English PatchGroup page makes `value` mandatory). */
  memberRemoval: MemberRemoval;
  /** Whether a group's membership PATCHes may be in flight together (add/remove by value commute). */
  concurrentPatches: boolean;
  /** Whether a PUT may carry If-Match with the version a group GET showed (RFC 7644 §3.14): a server that shows
   * versions checks them; ServiceProviderConfig `etag.supported: false` turns it off. */
  ifMatch: boolean;
  /** Whether a create with a displayName the server already holds answers 409 (then a create whose answer was
   * lost can be sent again safely: a 409 to it means the first one went through). */
  duplicateNameRefused: boolean;
  groupFilters: readonly GroupFilter[];
  /** Whether `userName eq` works; else users are found by listing them. */
  userNameFilter: boolean;
  /** AWS's newer revision: `GET /Users?filter=groups.value eq "<groupId>"` lists a group's members. */
  userGroupFilter: boolean;
  membersOnList: MemberVisibility;
  membersOnGet: MemberVisibility;
  contentType: string;
  requestIdHeaders: string[];
  /** The server's documented rate limits by route, kept client-side (the config's `http` tier goes over them);
   * none documented: no throttle until the first 429 teaches one. */
  rateLimits: RateLimits;
}

const NONE_DOCUMENTED: RateLimits = { routes: [] };

// RFC 7644 sets no limits; 100 keeps every request small on servers that never documented theirs.
const rfc7644: ScimClientProfile = {
  name: 'rfc7644',
  pageSize: 100,
  paging: 'index',
  startIndex: { groups: true, users: true },
  listTotals: 'all',
  groupPut: true,
  maxMembershipChangesPerPatch: 100,
  maxCreateMembers: 100,
  memberRemoval: 'filter',
  // Nothing in RFC 7644 says a server serialises writes to one resource: one PATCH of a group at a time.
  concurrentPatches: false,
  // RFC 7643 does not make a group's displayName unique: a second POST could make a second group.
  duplicateNameRefused: false,
  ifMatch: true,
  groupFilters: ['displayName', 'externalId', 'id', 'id and members', 'members.value'],
  userNameFilter: true,
  userGroupFilter: false,
  membersOnList: 'shown',
  membersOnGet: 'shown',
  contentType: 'application/scim+json',
  requestIdHeaders: ['x-request-id'],
  rateLimits: NONE_DOCUMENTED,
};

// AWS IAM Identity Center SCIM guide: no group PUT, 100 membership changes per PATCH, ListGroups count 1-100,
// "GetGroup and ListGroups return an empty member list. To see group info for a certain member, call
// ListGroups with a member filter"; `members.value eq` is the newer revision (cursor paging).
const aws: ScimClientProfile = {
  name: 'aws',
  pageSize: 100,
  paging: 'cursor',
  // Without a cursor: "startIndex is not supported", the first page only, totalResults counting that page.
  startIndex: { groups: false, users: false },
  listTotals: 'page',
  groupPut: false,
  maxMembershipChangesPerPatch: 100,
  maxCreateMembers: 100,
  memberRemoval: 'value',
  // Identity Center answers concurrent changes to one resource with ConflictException (409).
  concurrentPatches: false,
  // Documented: a duplicate displayName (or externalId) answers 409.
  duplicateNameRefused: true,
  ifMatch: true,
  groupFilters: ['displayName', 'externalId', 'id', 'id and members', 'members.value'],
  userNameFilter: true,
  userGroupFilter: true,
  membersOnList: 'hidden',
  membersOnGet: 'hidden',
  contentType: 'application/json',
  requestIdHeaders: ['x-amzn-requestid'],
  // Throttling is documented, its numbers are not.
  rateLimits: NONE_DOCUMENTED,
};

// Huawei IAM Identity Center SCIM: no group PUT, lists of at most 50, users without startIndex, filters `eq` on
// displayName or id only, 100 members per create and per PATCH. Members on GET/list: unsettled (SDK says
// empty, the API reference example shows them), so both are detected.
const huawei: ScimClientProfile = {
  name: 'huawei',
  pageSize: 50,
  paging: 'index',
  // Group paging is undocumented: a totalResults that counts only the page is tolerated.
  startIndex: { groups: true, users: false },
  listTotals: 'page',
  groupPut: false,
  maxMembershipChangesPerPatch: 100,
  maxCreateMembers: 100,
  memberRemoval: 'value',
  concurrentPatches: false,
  // 409 is among the documented statuses, but not what for: a second group of a name is not ruled out.
  duplicateNameRefused: false,
  ifMatch: true,
  groupFilters: ['displayName', 'id'],
  userNameFilter: true,
  userGroupFilter: false,
  membersOnList: 'uncertain',
  membersOnGet: 'uncertain',
  contentType: 'application/json',
  requestIdHeaders: ['x-request-id'],
  rateLimits: NONE_DOCUMENTED,
};

// Descope's SCIM API (`{baseUrl}/scim/v2`, the key picks the tenant). PATCH is "probably accepted" and PUT
// exists; no caps are documented, so AWS's 100 keeps each request small for any reading. Whether a group read
// shows members is not documented. Limits are published per route, per IP and per project, with a 60 s lock-out
// (Descope's rate-limiting guide): 500 requests per 60 s for the management reads of groups and users, 100 for all
// other traffic, which covers SCIM. Each route keeps its own window; the SCIM routes share one, as Descope does not
// say how it counts them. Shared by the management client and every tenant's SCIM client.
const descope: ScimClientProfile = {
  ...rfc7644,
  name: 'descope',
  // Descope keeps members as relations, each add or remove its own write: a big change's PATCHes go out together
  // (the README's decisions).
  concurrentPatches: true,
  // A tenant's group names are one namespace per SSO configuration (the management API matches and maps roles by
  // name): a second group of a name is refused, so a create whose answer was lost is sent again (README decisions).
  duplicateNameRefused: true,
  groupFilters: ['displayName'],
  membersOnList: 'uncertain',
  membersOnGet: 'uncertain',
  rateLimits: {
    routes: [
      { route: 'POST /v1/mgmt/group/all', requests: 500, perMs: 60_000 },
      { route: 'POST /v1/mgmt/group/members', requests: 500, perMs: 60_000 },
      { route: 'POST /v1/mgmt/group/member/all', requests: 500, perMs: 60_000 },
      { route: 'POST /v2/mgmt/user/search', requests: 500, perMs: 60_000 },
      { route: '/scim/v2/*', requests: 100, perMs: 60_000 },
    ],
    other: { requests: 100, perMs: 60_000 },
  },
};

export const scimClientProfiles: Readonly<Record<ScimProfileName | 'descope', ScimClientProfile>> = { rfc7644, aws, huawei, descope };

/** What a server's GET /ServiceProviderConfig says; undefined where it says nothing usable. */
export interface ServiceProviderFacts {
  patchSupported?: boolean;
  etagSupported?: boolean;
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
  return { ...profile, pageSize, writeStyle, ifMatch: profile.ifMatch && facts?.etagSupported !== false };
}

/** Whether every user can be listed: by cursor, or by startIndex. */
export function usersListable(profile: ScimClientProfile): boolean {
  return profile.paging === 'cursor' || profile.startIndex.users;
}

export function canFilterGroups(profile: ScimClientProfile, filter: GroupFilter): boolean {
  return profile.groupFilters.includes(filter);
}
