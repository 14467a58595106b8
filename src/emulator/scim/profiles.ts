import type { ScimProfileName } from '../../model/types.js';
import type { CursorReading, FilterCase, MemberFilters, MemberRemovalForms, MembersOnGet, ResolvedEmulatorOptions, StartIndexReading, TotalResultsReading } from '../options.js';

export type ScimErrorStyle = 'rfc7644' | 'aws' | 'huawei';

/** One `eq` filter the server accepts: attribute paths joined by `and`, in any order. */
export type FilterShape = readonly string[];

/** A SCIM server's documented behaviour, as data (docs/architecture.md, Habits). Sources: docs/providers.md. */
export interface ScimProfile {
  name: ScimProfileName | 'descope';
  errorStyle: ScimErrorStyle;
  contentType: string;
  /** How PUT /Groups/{id} is refused; undefined: supported. */
  groupPutRefusal?: 'validation-400' | 'gateway-404';
  createStatus: 200 | 201;
  /** 'resource': 200 with the group; 'empty': 200 without a body; 'no-content': 204; 'unsupported': 501 (RFC 7644 §3.12). */
  patchSuccess: 'resource' | 'empty' | 'no-content' | 'unsupported';
  /** DELETE success, without a body. */
  deleteStatus: 200 | 204;
  /** Attributes a PATCH may not `replace` (400). */
  refuseReplace: readonly string[];
  /** 'login-id': member values are matched to login ids and a value matching no user is dropped without a word. */
  memberValue: 'user-id' | 'login-id';
  maxPatchMembershipChanges?: number;
  maxCreateMembers?: number;
  /** Which member removals PATCH takes: `members[value eq "id"]`, `path: members` with a value list, or both. */
  memberRemoval: MemberRemovalForms;
  /** AWS PatchGroup: "replace or remove all group memberships ... ValidationException (HTTP/400)". */
  refuseRemoveAllOrReplaceMembers: boolean;
  /** 'single-attribute': a PATCH operation without a path may name one attribute only (AWS), else 400. */
  pathlessPatch: 'any' | 'single-attribute';
  /** Whether a second group with the same externalId is refused with 409, as one with the same displayName is (AWS). */
  uniqueExternalId: boolean;
  defaultPageSize: number;
  maxPageSize: number;
  /** 'cap': answer at most maxPageSize; 'reject': 400 when count is out of range. */
  countOutOfRange: 'cap' | 'reject';
  /** AWS: a `cursor` parameter (`?cursor` or `?cursor=` starts) switches to {itemsPerPage, nextCursor} answers. */
  cursor: CursorReading;
  startIndex: { groups: StartIndexReading; users: StartIndexReading };
  /** 'page': an answer without a cursor counts only itself in totalResults (AWS). */
  totalResults: TotalResultsReading;
  /** undefined: any RFC 7644 filter; else only these `eq` shapes (others 400). */
  groupFilters?: readonly FilterShape[];
  userFilters?: readonly FilterShape[];
  /** AWS: a member filter naming a user (or group) that does not exist answers 404, not an empty list. */
  unknownInMemberFilter: 'empty' | 'not-found';
  filterCase: FilterCase;
  membersOnGet: MembersOnGet;
  /** AWS: member `display` unsupported. */
  memberDisplay: boolean;
  /** `attributes` / `excludedAttributes` honoured. */
  projection: boolean;
  filterMaxResults: number;
  /** Eventual consistency: a new group answers 404 to its first N requests by id (AWS, seen ~25 ms after a create). */
  consistencyLagRequests: number;
  /** Group names the server keeps for itself: a create or rename to one is refused with 400 (AWS). */
  reservedGroupNames?: readonly string[];
  /** A cap on a group's direct members the server keeps without advertising it: a write past it is refused with 400. */
  maxGroupMembers?: number;
  /** RFC 7644 §3.14 versions: groups carry an ETag and `meta.version`, and a write with a stale If-Match gets 412. */
  etag: boolean;
  /** Unfiltered lists never end, one new resource a page, and ServiceProviderConfig says maxResults 1. */
  endlessPages: boolean;
}

const rfc7644: ScimProfile = {
  name: 'rfc7644',
  errorStyle: 'rfc7644',
  contentType: 'application/scim+json',
  createStatus: 201,
  patchSuccess: 'resource',
  deleteStatus: 204,
  refuseReplace: [],
  memberValue: 'user-id',
  memberRemoval: 'both',
  refuseRemoveAllOrReplaceMembers: false,
  pathlessPatch: 'any',
  uniqueExternalId: false,
  defaultPageSize: 100,
  maxPageSize: 200,
  countOutOfRange: 'cap',
  cursor: 'ignore',
  startIndex: { groups: 'honour', users: 'honour' },
  totalResults: 'all',
  unknownInMemberFilter: 'empty',
  filterCase: 'insensitive',
  membersOnGet: 'filled',
  memberDisplay: true,
  projection: true,
  filterMaxResults: 200,
  consistencyLagRequests: 0,
  etag: false,
  endlessPages: false,
};

const aws: ScimProfile = {
  name: 'aws',
  errorStyle: 'aws',
  contentType: 'application/json',
  // "ValidationException ... This error also occurs if the operation is unsupported" (IAM Identity Center SCIM guide).
  groupPutRefusal: 'validation-400',
  createStatus: 201,
  patchSuccess: 'no-content',
  deleteStatus: 204,
  refuseReplace: [],
  memberValue: 'user-id',
  maxPatchMembershipChanges: 100,
  maxCreateMembers: 100,
  // PatchGroup documents removal by a value list (what the public clients send); a members filter is not.
  memberRemoval: 'value',
  refuseRemoveAllOrReplaceMembers: true,
  // PatchGroup: an operation without a path takes one attribute; CreateGroup and PatchGroup answer 409
  // (ConflictException) for a displayName or an externalId another group has.
  pathlessPatch: 'single-attribute',
  uniqueExternalId: true,
  // ListGroups: "count ... Minimum value of 1. Maximum value of 100. Default: 100".
  defaultPageSize: 100,
  maxPageSize: 100,
  countOutOfRange: 'reject',
  cursor: 'accept',
  // "startIndex is not supported": without a cursor, ListUsers and ListGroups answer the first page, and
  // totalResults counts that page only. --start-index refuse plays a 400 instead.
  startIndex: { groups: 'ignore', users: 'ignore' },
  totalResults: 'page',
  // ListGroups: (displayName), (externalId), (id and member), (member and id); `id` alone is valid; newer
  // revision: members.value.
  groupFilters: [['displayName'], ['externalId'], ['id'], ['id', 'members'], ['members.value']],
  // The newer revision also filters users by group: GET /Users?filter=groups.value eq "<groupId>".
  userFilters: [['userName'], ['externalId'], ['id'], ['groups.value']],
  unknownInMemberFilter: 'not-found',
  filterCase: 'exact',
  membersOnGet: 'empty',
  memberDisplay: false,
  projection: false,
  filterMaxResults: 100,
  consistencyLagRequests: 0,
  reservedGroupNames: ['Administrator', 'AWSAdministrators'],
  etag: false,
  endlessPages: false,
};

const huawei: ScimProfile = {
  name: 'huawei',
  errorStyle: 'huawei',
  contentType: 'application/json',
  // Not documented. Huawei's API gateway answers a method it has no route for with 404 APIGW.0101.
  groupPutRefusal: 'gateway-404',
  createStatus: 201,
  // Not documented either; Huawei mirrors AWS's SCIM surface, whose PatchGroup answers 204.
  patchSuccess: 'no-content',
  deleteStatus: 204,
  refuseReplace: [],
  memberValue: 'user-id',
  maxPatchMembershipChanges: 100,
  maxCreateMembers: 100,
  // The English PatchGroup page makes `value` mandatory.
  memberRemoval: 'value',
  refuseRemoveAllOrReplaceMembers: false,
  pathlessPatch: 'any',
  uniqueExternalId: false,
  defaultPageSize: 50,
  maxPageSize: 50,
  countOutOfRange: 'cap',
  cursor: 'ignore',
  // Users: "no startIndex"; groups: paging undocumented, startIndex honoured (--start-index ignore plays the other
  // reading, --total-results page a totalResults that counts only the page).
  startIndex: { groups: 'honour', users: 'ignore' },
  totalResults: 'all',
  groupFilters: [['displayName'], ['id']],
  userFilters: [['userName'], ['id']],
  unknownInMemberFilter: 'empty',
  filterCase: 'exact',
  // Undocumented (docs/providers.md): the API reference's GET example shows members; SDK docstrings say empty.
  // The API reference is the documented behaviour; --members-on-get empty plays the other reading.
  membersOnGet: 'filled',
  memberDisplay: true,
  projection: false,
  filterMaxResults: 50,
  consistencyLagRequests: 0,
  etag: false,
  endlessPages: false,
};

// Descope's OpenAPI: create answers 200, PATCH and DELETE 200 without a body.
const descope: ScimProfile = {
  ...rfc7644,
  name: 'descope',
  createStatus: 200,
  patchSuccess: 'empty',
  deleteStatus: 200,
  defaultPageSize: 100,
  maxPageSize: 100,
  filterMaxResults: 100,
};

export const scimProfiles: Readonly<Record<ScimProfileName, ScimProfile>> = { rfc7644, aws, huawei };

const MEMBER_FILTERS = { groups: ['members.value'], users: ['groups.value'] } as const;

/** `--member-filters`: which of AWS's newer-revision member filters the server takes (a shape list it lacks stays as is). */
function withMemberFilters(base: ScimProfile, choice: MemberFilters | undefined): Partial<ScimProfile> {
  if (choice === undefined) return {};
  const keep = (kind: 'groups' | 'users') => choice === 'all' || choice === (kind === 'groups' ? 'members.value' : 'groups.value');
  const narrow = (shapes: readonly FilterShape[] | undefined, kind: 'groups' | 'users'): readonly FilterShape[] | undefined => {
    if (shapes === undefined) return undefined;
    const others = shapes.filter((shape) => !(shape.length === 1 && shape[0] === MEMBER_FILTERS[kind][0]));
    return keep(kind) ? [...others, [MEMBER_FILTERS[kind][0]]] : others;
  };
  const groupFilters = narrow(base.groupFilters, 'groups');
  const userFilters = narrow(base.userFilters, 'users');
  return { ...(groupFilters === undefined ? {} : { groupFilters }), ...(userFilters === undefined ? {} : { userFilters }) };
}

/** The generic SCIM side's profile with the run's overrides applied. */
export function resolveGenericProfile(options: ResolvedEmulatorOptions): ScimProfile {
  const base = scimProfiles[options.profile];
  return {
    ...base,
    ...(options.membersOnGet === undefined ? {} : { membersOnGet: options.membersOnGet }),
    ...(options.filterCase === undefined ? {} : { filterCase: options.filterCase }),
    ...(options.startIndex === undefined ? {} : { startIndex: { groups: options.startIndex, users: options.startIndex } }),
    ...(options.totalResults === undefined ? {} : { totalResults: options.totalResults }),
    ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
    consistencyLagRequests: options.consistencyLagRequests,
    etag: options.etag,
    endlessPages: options.endlessPages,
    ...(options.memberRemoval === undefined ? {} : { memberRemoval: options.memberRemoval }),
    ...withMemberFilters(base, options.memberFilters),
    ...(options.maxGroupMembers === undefined ? {} : { maxGroupMembers: options.maxGroupMembers }),
  };
}

export function resolveDescopeScimProfile(options: ResolvedEmulatorOptions): ScimProfile {
  return {
    ...descope,
    createStatus: options.descopeScimCreateStatus,
    patchSuccess: options.descopeScimPatch,
    deleteStatus: options.descopeScimDeleteStatus,
    refuseReplace: options.descopeScimRefuseReplace,
    memberValue: options.scimMemberValue,
    ...(options.maxGroupMembers === undefined ? {} : { maxGroupMembers: options.maxGroupMembers }),
    etag: options.etag,
    endlessPages: options.endlessPages,
  };
}

export function serviceProviderConfig(profile: ScimProfile): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    patch: { supported: profile.patchSuccess !== 'unsupported' },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: profile.endlessPages ? 1 : profile.filterMaxResults },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: profile.etag },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication scheme using the OAuth Bearer Token Standard',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig' },
  };
}
