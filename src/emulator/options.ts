import { GroupformError } from '../errors.js';
import type { Snapshot } from '../config/snapshot.js';
import type { ScimProfileName } from '../model/types.js';
import type { RequiredQuery } from './scim/required-query.js';

/**
 * `reset` drops the connection before the server acts; `reset-after` acts (a write happens) and then drops the
 * connection before answering: the lost answer a client cannot tell from a failure, which is what makes a
 * blindly repeated create dangerous.
 */
export type FaultKind = '429' | '500' | 'reset' | 'reset-after' | 'timeout';
export const faultKinds: readonly FaultKind[] = ['429', '500', 'reset', 'reset-after', 'timeout'];

/** The fault the `nth` group create (POST /Groups on either SCIM side, counted from 1) meets, whatever the fault rate. */
export interface CreateFault {
  nth: number;
  fault: FaultKind;
}

/** How the management group reads wrap their list (undocumented envelope: docs/providers.md). */
export type DescopeEnvelope = 'array' | 'object';
/** Whether group GET and list show members (Huawei: unsettled; AWS: documented empty). */
export type MembersOnGet = 'filled' | 'empty';
export type FilterCase = 'insensitive' | 'exact';
/** What a list does with `startIndex`: pages by it, answers the first page anyway (AWS), or refuses it with 400. */
export type StartIndexReading = 'honour' | 'ignore' | 'refuse';
/** What a list's totalResults counts: every match, or only the page answered (AWS without a cursor). */
export type TotalResultsReading = 'all' | 'page';
/** What a list does with AWS's `cursor`: pages by it, ignores it (index answers), or refuses it with 400. */
export type CursorReading = 'accept' | 'ignore' | 'refuse';
/** AWS's newer-revision member filters the server takes: both, one of them, or none (an older revision). */
export type MemberFilters = 'all' | 'members.value' | 'groups.value' | 'none';
/** Which member removals a PATCH takes: `members[value eq "id"]` (filter), `path: members` with a value list, or both. */
export type MemberRemovalForms = 'filter' | 'value' | 'both';
/** Which header carries a 429's wait: the standard one, the one some rate limiters send instead, or none (AWS). */
export type RetryAfterHeader = 'retry-after' | 'x-retry-after' | 'none';
export const retryAfterHeaders: readonly RetryAfterHeader[] = ['retry-after', 'x-retry-after', 'none'];
/**
 * How Descope SCIM answers a PatchOp: 'empty' (200 without a body, Descope's OpenAPI), 'resource' (200 with the
 * group), 'no-content' (204), 'unsupported' (501).
 */
export type DescopeScimPatch = 'empty' | 'resource' | 'no-content' | 'unsupported';
/** What a Descope SCIM member `value` names (the user id is inferred, not documented). */
export type ScimMemberValue = 'user-id' | 'login-id';
/** Whether Descope's SCIM API sees JIT groups ('shared': one namespace) or keeps them apart (Descope since mid-2026). */
export type JitGroups = 'shared' | 'separate';

export interface EmulatorOptions {
  /** A Snapshot, or the path of a YAML or JSON file in that shape. Absent: no tenants. */
  seed?: Snapshot | string;
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1; the emulator is meant for loopback only. */
  host?: string;
  /** The generic SCIM side under /{tenantId}/scim/v2. Default rfc7644. */
  profile?: ScimProfileName;
  /** Added before every answer. */
  latencyMs?: number;
  /** Share of provider requests (0..1) that fail with one of `faults`. */
  faultRate?: number;
  /** Default ['429', '500', 'reset']. */
  faults?: FaultKind[];
  /** The same seed gives the same sequence of faults for the same sequence of requests. Default 1. */
  faultSeed?: number;
  /** Faults for chosen group creates, so a test can lose exactly one create's answer. Default none. */
  createFaults?: CreateFault[];
  /** Retry-After (whole seconds) on a 429 fault. Default 1; 0 allowed for tests. */
  retryAfterSeconds?: number;
  /** The header a 429 (fault or rate limit) carries its wait in. Default 'retry-after'. */
  retryAfterHeader?: RetryAfterHeader;
  /** Enforce a limit per route (as stats name routes): more than `requests` arrivals in `perSeconds` get 429. */
  rateLimit?: { requests: number; perSeconds: number };
  /** With rateLimit: once exceeded, the route refuses everything this long (Descope: 60). Default 0. */
  rateLimitLockoutSeconds?: number;
  /** Persist the state here (atomically) after writes and on close; if it exists, it is loaded instead of `seed`. */
  statePath?: string;
  /** Default 'array', what every official SDK decodes. */
  descopeEnvelope?: DescopeEnvelope;
  /** Whether group/all and group/member/all include `members`. Default true. */
  descopeInlineMembers?: boolean;
  /** The largest `limit` user/search honours (undocumented). Default: no maximum. */
  userSearchMaxLimit?: number;
  /** What user/search does with a larger `limit`: answer at most the maximum, or 400. Default 'cap'. */
  userSearchOverLimit?: 'cap' | 'reject';
  /** Status of a Descope SCIM group create. Default 200 (Descope's OpenAPI); 201 is the RFC's. */
  descopeScimCreateStatus?: 200 | 201;
  /** Default 'empty' (200 without a body, Descope's OpenAPI). */
  descopeScimPatch?: DescopeScimPatch;
  /** Status of a Descope SCIM group delete, without a body. Default 200 (Descope's OpenAPI); 204 is the RFC's. */
  descopeScimDeleteStatus?: 200 | 204;
  /** Attributes a Descope SCIM PATCH may not `replace` (answered 400), e.g. ['externalId']. Default none. */
  descopeScimRefuseReplace?: string[];
  /** Default 'user-id'. 'login-id': values are matched to login ids, and a value matching no user is dropped silently. */
  scimMemberValue?: ScimMemberValue;
  /** Default 'shared'. */
  jitGroups?: JitGroups;
  /** Both SCIM sides version groups (RFC 7644 §3.14): ETags, `meta.version`, 412 on a stale If-Match. Default false. */
  etag?: boolean;
  /** Both SCIM sides' unfiltered lists never end (a runaway server): one new resource a page, maxResults 1. Default false. */
  endlessPages?: boolean;
  /** Milliseconds before a Descope SCIM write shows in the management reads. Default 0. */
  consistencyLagMs?: number;
  /** Management answers leave out empty values, gRPC-gateway style (`null` lists, no `members: []`, `{}`). */
  omitEmpty?: boolean;
  /**
   * Descope: serve the project only at the host its id selects (api.<region>.descope.com for a regional id,
   * else api.descope.com), judged by the Host header, as a project lives in one region. For tests that reach
   * the emulator under Descope's host names (through a proxy and a TLS front).
   */
  descopeRegionHost?: boolean;
  /** Overrides the profile's reading for the generic SCIM side. */
  membersOnGet?: MembersOnGet;
  /** Overrides the profile's comparison of userName / displayName in filters and uniqueness. */
  filterCase?: FilterCase;
  /** Overrides the profile's reading of `startIndex`, for groups and users alike. */
  startIndex?: StartIndexReading;
  /** Overrides what the profile's totalResults counts. */
  totalResults?: TotalResultsReading;
  /** Overrides the profile's reading of `cursor`. */
  cursor?: CursorReading;
  /** Eventual consistency after create: a new group answers 404 to its first N requests by id. Default 0. */
  consistencyLagRequests?: number;
  /** Which member filters the profile's server takes (`members.value` on groups, `groups.value` on users). */
  memberFilters?: MemberFilters;
  /** Overrides which member removals the profile's PATCH takes. */
  memberRemoval?: MemberRemovalForms;
  /** A query parameter every generic SCIM request must carry (a gateway's), else 403. Default none. */
  requireQuery?: RequiredQuery;
  /** One URL for every tenant: the generic SCIM side is served under /scim/v2 (instead of Descope's SCIM), the
   * bearer token (a tenant's scimKey) choosing the tenant. Default false. */
  tenantByToken?: boolean;
  /** A cap on direct members per group, not advertised anywhere: a create or PATCH past it answers 400. Default none. */
  maxGroupMembers?: number;
  /** Answer of GET /v1/mgmt/license. Default 'free'. */
  rateLimitTier?: string;
  /** Receives unexpected handler errors and state-file write failures. */
  onError?: (error: unknown) => void;
}

export interface ResolvedEmulatorOptions {
  seed: Snapshot | string | undefined;
  port: number;
  host: string;
  profile: ScimProfileName;
  latencyMs: number;
  faultRate: number;
  faults: FaultKind[];
  faultSeed: number;
  createFaults: CreateFault[];
  retryAfterSeconds: number;
  retryAfterHeader: RetryAfterHeader;
  rateLimit: { requests: number; perSeconds: number } | undefined;
  rateLimitLockoutSeconds: number;
  statePath: string | undefined;
  descopeEnvelope: DescopeEnvelope;
  descopeInlineMembers: boolean;
  userSearchMaxLimit: number | undefined;
  userSearchOverLimit: 'cap' | 'reject';
  descopeScimCreateStatus: 200 | 201;
  descopeScimPatch: DescopeScimPatch;
  descopeScimDeleteStatus: 200 | 204;
  descopeScimRefuseReplace: string[];
  scimMemberValue: ScimMemberValue;
  jitGroups: JitGroups;
  etag: boolean;
  endlessPages: boolean;
  consistencyLagMs: number;
  omitEmpty: boolean;
  descopeRegionHost: boolean;
  membersOnGet: MembersOnGet | undefined;
  filterCase: FilterCase | undefined;
  startIndex: StartIndexReading | undefined;
  totalResults: TotalResultsReading | undefined;
  cursor: CursorReading | undefined;
  consistencyLagRequests: number;
  memberFilters: MemberFilters | undefined;
  memberRemoval: MemberRemovalForms | undefined;
  requireQuery: RequiredQuery | undefined;
  tenantByToken: boolean;
  maxGroupMembers: number | undefined;
  rateLimitTier: string;
}

export class EmulatorOptionError extends GroupformError {
  constructor(message: string) {
    super('EMULATOR_OPTION', message);
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new EmulatorOptionError(message);
}

function isWhole(n: number, min: number): boolean {
  return Number.isInteger(n) && n >= min;
}

export function resolveEmulatorOptions(options: EmulatorOptions): ResolvedEmulatorOptions {
  const resolved: ResolvedEmulatorOptions = {
    seed: options.seed,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    profile: options.profile ?? 'rfc7644',
    latencyMs: options.latencyMs ?? 0,
    faultRate: options.faultRate ?? 0,
    faults: options.faults ?? ['429', '500', 'reset'],
    faultSeed: options.faultSeed ?? 1,
    createFaults: options.createFaults ?? [],
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    retryAfterHeader: options.retryAfterHeader ?? 'retry-after',
    rateLimit: options.rateLimit,
    rateLimitLockoutSeconds: options.rateLimitLockoutSeconds ?? 0,
    statePath: options.statePath,
    descopeEnvelope: options.descopeEnvelope ?? 'array',
    descopeInlineMembers: options.descopeInlineMembers ?? true,
    userSearchMaxLimit: options.userSearchMaxLimit,
    userSearchOverLimit: options.userSearchOverLimit ?? 'cap',
    descopeScimCreateStatus: options.descopeScimCreateStatus ?? 200,
    descopeScimPatch: options.descopeScimPatch ?? 'empty',
    descopeScimDeleteStatus: options.descopeScimDeleteStatus ?? 200,
    descopeScimRefuseReplace: options.descopeScimRefuseReplace ?? [],
    scimMemberValue: options.scimMemberValue ?? 'user-id',
    jitGroups: options.jitGroups ?? 'shared',
    etag: options.etag ?? false,
    endlessPages: options.endlessPages ?? false,
    consistencyLagMs: options.consistencyLagMs ?? 0,
    omitEmpty: options.omitEmpty ?? false,
    descopeRegionHost: options.descopeRegionHost ?? false,
    membersOnGet: options.membersOnGet,
    filterCase: options.filterCase,
    startIndex: options.startIndex,
    totalResults: options.totalResults,
    cursor: options.cursor,
    consistencyLagRequests: options.consistencyLagRequests ?? 0,
    memberFilters: options.memberFilters,
    memberRemoval: options.memberRemoval,
    requireQuery: options.requireQuery,
    tenantByToken: options.tenantByToken ?? false,
    maxGroupMembers: options.maxGroupMembers,
    rateLimitTier: options.rateLimitTier ?? 'free',
  };
  check(isWhole(resolved.port, 0) && resolved.port <= 65535, `port must be a whole number from 0 to 65535, not ${resolved.port}`);
  check(['rfc7644', 'aws', 'huawei'].includes(resolved.profile), `profile must be rfc7644, aws or huawei, not ${resolved.profile}`);
  check(isWhole(resolved.latencyMs, 0), `latency must be a whole number of milliseconds, not ${resolved.latencyMs}`);
  check(resolved.faultRate >= 0 && resolved.faultRate <= 1, `fault rate must be between 0 and 1, not ${resolved.faultRate}`);
  for (const kind of resolved.faults) check(faultKinds.includes(kind), `unknown fault ${String(kind)}: use ${faultKinds.join(', ')}`);
  check(resolved.faultRate === 0 || resolved.faults.length > 0, 'a fault rate above 0 needs at least one fault kind');
  for (const { nth, fault } of resolved.createFaults) {
    check(isWhole(nth, 1) && faultKinds.includes(fault), `a create fault is N:KIND with N from 1 and KIND one of ${faultKinds.join(', ')}, not ${nth}:${String(fault)}`);
  }
  check(Number.isInteger(resolved.faultSeed), `fault seed must be a whole number, not ${resolved.faultSeed}`);
  check(isWhole(resolved.retryAfterSeconds, 0), `Retry-After must be a whole number of seconds, not ${resolved.retryAfterSeconds}`);
  check(retryAfterHeaders.includes(resolved.retryAfterHeader), `retry-after header must be ${retryAfterHeaders.join(', ')}, not ${resolved.retryAfterHeader}`);
  check(
    resolved.rateLimit === undefined || (isWhole(resolved.rateLimit.requests, 1) && resolved.rateLimit.perSeconds > 0),
    `rate limit must be at least 1 request per a positive number of seconds, not ${JSON.stringify(resolved.rateLimit)}`,
  );
  check(resolved.rateLimitLockoutSeconds >= 0, `rate limit lock-out must be 0 or more seconds, not ${resolved.rateLimitLockoutSeconds}`);
  check(['array', 'object'].includes(resolved.descopeEnvelope), `descope envelope must be array or object, not ${resolved.descopeEnvelope}`);
  check(
    resolved.userSearchMaxLimit === undefined || isWhole(resolved.userSearchMaxLimit, 1),
    `user search maximum must be a whole number of at least 1, not ${String(resolved.userSearchMaxLimit)}`,
  );
  check([200, 201].includes(resolved.descopeScimCreateStatus), 'descope SCIM create status must be 200 or 201');
  check(['empty', 'resource', 'no-content', 'unsupported'].includes(resolved.descopeScimPatch), 'descope SCIM patch must be empty, resource, no-content or unsupported');
  check([200, 204].includes(resolved.descopeScimDeleteStatus), 'descope SCIM delete status must be 200 or 204');
  check(['user-id', 'login-id'].includes(resolved.scimMemberValue), 'SCIM member value must be user-id or login-id');
  check(['shared', 'separate'].includes(resolved.jitGroups), 'JIT groups must be shared or separate');
  check(isWhole(resolved.consistencyLagMs, 0), `consistency lag must be a whole number of milliseconds, not ${resolved.consistencyLagMs}`);
  check(resolved.membersOnGet === undefined || ['filled', 'empty'].includes(resolved.membersOnGet), 'members on GET must be filled or empty');
  check(resolved.filterCase === undefined || ['insensitive', 'exact'].includes(resolved.filterCase), 'filter case must be insensitive or exact');
  check(resolved.startIndex === undefined || ['honour', 'ignore', 'refuse'].includes(resolved.startIndex), 'start index must be honour, ignore or refuse');
  check(resolved.totalResults === undefined || ['all', 'page'].includes(resolved.totalResults), 'total results must be all or page');
  check(resolved.cursor === undefined || ['accept', 'ignore', 'refuse'].includes(resolved.cursor), 'cursor must be accept, ignore or refuse');
  check(resolved.memberFilters === undefined || ['all', 'members.value', 'groups.value', 'none'].includes(resolved.memberFilters), 'member filters must be all, members.value, groups.value or none');
  check(resolved.memberRemoval === undefined || ['filter', 'value', 'both'].includes(resolved.memberRemoval), 'member removal must be filter, value or both');
  check(resolved.requireQuery === undefined || resolved.requireQuery.name !== '', 'required query parameter needs a name');
  check(resolved.maxGroupMembers === undefined || isWhole(resolved.maxGroupMembers, 1), `group member cap must be a whole number of at least 1, not ${String(resolved.maxGroupMembers)}`);
  check(isWhole(resolved.consistencyLagRequests, 0), `consistency lag must be a whole number of requests, not ${resolved.consistencyLagRequests}`);
  return resolved;
}
