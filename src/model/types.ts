import type { Secret } from './secret.js';

// ---- desired state: what the config set declares ----

export type MembersMode = 'authoritative' | 'additive';
export type UnmanagedGroupsPolicy = 'ignore' | 'delete';

/** 1-based place in a config file. */
export interface SourceRef {
  file: string;
  line: number;
  column: number;
}

export interface SafetyLimits {
  /** Of a tenant's live memberships; enforced once the tenant has >= 20. */
  maxRemovalPercent: number;
  /** Of a tenant's live groups; enforced once the tenant has >= 8. */
  maxGroupDeletePercent: number;
}

/** Why and how long a member holds a group: `until` as written (a date or an RFC 3339 time). */
export interface MemberTerms {
  until?: string;
  reason?: string;
  ticket?: string;
}

/**
 * Where a member reached through references came from, one route each: `set support`, `group Support > set
 * support`. Absent for a member listed directly in the group (that listing is what keeps it there).
 */
export type MemberVia = readonly string[];

export type DeclaredMember = ({ loginId: string } | { userId: string }) & { at: SourceRef; via?: MemberVia } & MemberTerms;

/** A member that reaches a group by more than one route (not an error; `validate --explain` shows it). */
export interface MemberOverlap {
  member: string;
  /** Each route, `listed in members` for the group's own entry. */
  routes: string[];
}

export interface DesiredGroup {
  name: string;
  externalId?: string;
  /** Old names: a live group with one of them (and none with `name`) is renamed in place. */
  previously: string[];
  /** undefined: membership is not managed. [] : the group must be empty. */
  members?: DeclaredMember[];
  membersMode: MembersMode;
  /** `90d`: every member needs an `until` at most this far from now. */
  maxDuration?: string;
  /** Who approves changes to the group: its own `owners`, else the tenant's, else `defaults.owners`. */
  owners?: string[];
  /** Access reviews (inherited from the tenant and `defaults`): every `every`, counted from `reviewedAt`. */
  review?: { every: string };
  reviewedAt?: string;
  at: SourceRef;
  /** The template the group comes from; absent for the tenant's own group. */
  template?: string;
  overlaps?: MemberOverlap[];
}

/** A template a tenant takes, and what it contributes. */
export interface AppliedTemplate {
  name: string;
  /** `use`, or the template's tenant glob that matched. */
  by: string;
  /** Names of the template's groups the tenant has. */
  groups: string[];
  /** Names of the template's groups the tenant declares itself, so its own win. */
  overridden: string[];
}

export interface DesiredTenant {
  tenantId: string;
  /** Sorted by name. */
  groups: DesiredGroup[];
  unmanagedGroups: UnmanagedGroupsPolicy;
  safety: SafetyLimits;
  /** Memberships ending within this many days are listed in the plan; undefined: 14. */
  expiryWarningDays?: number;
  /** Owners of groups that name none (the tenant's, else `defaults.owners`); approve deletions of undeclared groups. */
  owners?: string[];
  /** descope: the tenant's SCIM access key; scim: the bearer token (the tenant's, else the provider's). */
  credential?: Secret;
  /** descope: the SSO configuration the tenant's groups belong to; undefined: the tenant's groups, all of them. */
  ssoId?: string;
  at: SourceRef;
  /** Sorted by name; absent when the tenant uses none. */
  templates?: AppliedTemplate[];
}

export type DescopeWriteMode = 'patch' | 'put';
export type ScimProfileName = 'rfc7644' | 'aws' | 'huawei';

export interface HttpSettings {
  /** Client-side throttle for every route; undefined: the provider's documented limits. */
  maxRequestsPerMinute?: number;
  /** Route (`POST /v1/mgmt/group/all`, `/scim/v2/*`) -> requests per minute, over the defaults. */
  rateLimits?: Record<string, number>;
  timeoutSeconds?: number;
  maxResponseMegabytes?: number;
  /** Requests one list may take before it counts as a server that pages forever; undefined: the default. */
  maxPagesPerList?: number;
}

export interface DescopeProviderConfig {
  type: 'descope';
  projectId: string;
  /** Absent when the config's `${VAR:-}` is empty (e.g. a plan-only job reading a snapshot); needed to load. */
  managementKey?: Secret;
  /** Explicit host; undefined: derived from the project id's region. */
  baseUrl?: string;
  /** How SCIM writes change membership: PATCH add/remove (default) or PUT of the full member list. */
  writeMode: DescopeWriteMode;
  /** How long to wait for the management API to show a SCIM write; undefined: the default. */
  writeVisibilitySeconds?: number;
  http: HttpSettings;
}

export interface ScimProviderConfig {
  type: 'scim';
  /** Contains `{tenantId}`. */
  baseUrl: string;
  profile: ScimProfileName;
  /** Default bearer token; a tenant's own overrides it. */
  token?: Secret;
  http: HttpSettings;
}

export type ProviderConfig = DescopeProviderConfig | ScimProviderConfig;

export interface DesiredState {
  provider: ProviderConfig;
  providerAt: SourceRef;
  /** Sorted by tenantId. */
  tenants: DesiredTenant[];
  /** Every file of the config set, sorted. */
  files: string[];
}

// ---- desired state after login ids are resolved to user ids (the planner's input) ----

export interface ResolvedMember extends MemberTerms {
  userId: string;
  loginId?: string;
  via?: MemberVia;
}

export interface ResolvedGroup extends Omit<DesiredGroup, 'members'> {
  members?: ResolvedMember[];
}

export interface ResolvedTenant extends Omit<DesiredTenant, 'groups' | 'credential'> {
  groups: ResolvedGroup[];
}

// ---- live state: what the provider holds ----

export interface LiveUser {
  userId: string;
  loginIds: string[];
  display?: string;
}

export interface LiveMember {
  userId: string;
  loginId?: string;
}

export interface LiveGroup {
  id: string;
  name: string;
  externalId?: string;
  /** Complete unless membersUnreadable is set; then only the members that could be confirmed. */
  members: LiveMember[];
  /** Why this server cannot list the group's members; authoritative membership is impossible then. */
  membersUnreadable?: string;
  /** Why this server cannot even confirm one member (no member list, no member filter): a declared member absent
   * from `members` may be one already, so adding it is an assertion, not a known change. Implies membersUnreadable. */
  membersUnverifiable?: string;
  /** Descope: 'scim' | 'jit'; 'jit' groups come from SSO logins and are never written. */
  source?: string;
  /** Descope: the SSO configuration the group belongs to. */
  ssoId?: string;
  /** Descope without a SCIM key: the management API never returns externalId, so it is not known. */
  externalIdUnread?: true;
}

export interface LiveTenant {
  tenantId: string;
  /** Every group, unless groupsIncomplete says why the server's list could not be read to its end; then every
   * group listed plus each one a declared name, old name or externalId found. */
  groups: LiveGroup[];
  groupsIncomplete?: string;
  /** At least every user the config names (by login id or user id) that exists, and every live member. */
  users: LiveUser[];
}

export interface LiveState {
  tenants: LiveTenant[];
}

// ---- the plan (schemas/plan.schema.json) ----

export interface PlanMember {
  userId: string;
  loginId?: string;
  /** On a removal: the `until` that passed, when the member is removed because its membership expired. */
  expired?: string;
  /** Where an added member came from, when it is not listed directly (not part of the planId). */
  via?: MemberVia;
}

/**
 * Declared members of a live group whose membership the server cannot confirm either way: not a change (the plan
 * cannot know one is needed), so not counted nor in the planId; apply sends their adds again, which is harmless.
 */
export interface AssertedMembers {
  group: string;
  groupId: string;
  /** Why membership cannot be verified there. */
  reason: string;
  members: PlanMember[];
}

/** A declared membership that ends within the tenant's expiryWarningDays. */
export interface ExpiringMember extends MemberTerms {
  group: string;
  userId: string;
  loginId?: string;
  until: string;
}

/** The membership mode in force for a change; 'unmanaged' when the config omits `members`. */
export type MembersModeInForce = MembersMode | 'unmanaged';

export interface CreateChange {
  action: 'create';
  group: string;
  externalId: string | null;
  membersMode: MembersModeInForce;
  add: PlanMember[];
  remove: PlanMember[];
}

export interface UpdateChange {
  action: 'update';
  group: string;
  groupId: string;
  /** The live name when the group is renamed. */
  renameFrom?: string;
  /** Set when the config gives an externalId the live group lacks or differs from. */
  externalId?: string;
  membersMode: MembersModeInForce;
  add: PlanMember[];
  remove: PlanMember[];
}

export interface DeleteChange {
  action: 'delete';
  group: string;
  groupId: string;
  add: PlanMember[];
  /** The live members the group had: they lose it. */
  remove: PlanMember[];
}

export type GroupChange = CreateChange | UpdateChange | DeleteChange;

export type BlockedCode = 'MAX_REMOVALS' | 'MAX_GROUP_DELETES';

export interface BlockedReason {
  code: BlockedCode;
  message: string;
}

export interface TenantPlan {
  tenant: string;
  /** Creates, then updates, then deletes; each sorted by group name. */
  changes: GroupChange[];
  /** Adds apply re-asserts because the server cannot show whether they are needed, by group; absent when none. */
  asserted?: AssertedMembers[];
  unmanagedGroups: string[];
  blocked: BlockedReason[];
  /** groupId -> hash of the live group a change was computed from; '@groups' -> hash of the tenant's group set. */
  fingerprints: Record<string, string>;
  /** Memberships about to lapse, by group then member; absent when none. */
  expiring?: ExpiringMember[];
}

export interface PlanSummary {
  groupsToCreate: number;
  groupsToUpdate: number;
  groupsToDelete: number;
  membersToAdd: number;
  membersToRemove: number;
  blocked: boolean;
}

/** What the plan was computed against; never a secret. */
/** What a plan records about its provider, per type like ProviderConfig. A saved plan may omit the optional parts. */
export type ProviderIdentity = DescopeIdentity | ScimIdentity;

export interface DescopeIdentity {
  type: 'descope';
  baseUrl: string;
  projectId?: string;
}

export interface ScimIdentity {
  type: 'scim';
  baseUrl: string;
  profile?: ScimProfileName;
}

/** Tenants `plan --changed-since` left out: their configuration means what it meant at that commit. */
export interface NotChecked {
  /** The ref as given (`origin/main`). */
  changedSince: string;
  /** The commit it named. */
  commit: string;
  /** Sorted by tenant id. */
  tenants: string[];
}

export interface Plan {
  formatVersion: 1;
  planId: string;
  configDigest: string;
  /** The clock the plan was computed at (RFC 3339, UTC): memberships whose `until` had passed are removed. */
  asOf?: string;
  provider: ProviderIdentity;
  tenants: TenantPlan[];
  /** Absent unless the plan was limited to the tenants changed since a commit. */
  notChecked?: NotChecked;
  summary: PlanSummary;
}
