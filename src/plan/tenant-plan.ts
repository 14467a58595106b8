import { type Diagnostic, errorAt } from '../errors.js';
import { DEFAULT_SSO_ID, liveSsoIds } from '../model/sso.js';
import { compareStrings } from '../model/normalize.js';
import type {
  AssertedMembers,
  CreateChange,
  DeleteChange,
  GroupChange,
  LiveGroup,
  LiveTenant,
  PlanMember,
  ResolvedGroup,
  ResolvedMember,
  ResolvedTenant,
  TenantPlan,
  UpdateChange,
} from '../model/types.js';
import { fingerprintGroup, fingerprintGroupSet } from './fingerprint.js';
import { expiringMembers, withExpiredRemovals, withoutExpired } from './expiry.js';
import { matchGroups } from './match.js';
import { type LoginIdLookup, diffMembers } from './members.js';
import { checkSafety } from './safety.js';

const noLoginIds: LoginIdLookup = () => undefined;
const ACTION_ORDER: Record<GroupChange['action'], number> = { create: 0, update: 1, delete: 2 };

/** One tenant's plan at `now` (ms since the epoch): memberships whose `until` has passed count as not declared. */
export function planTenant(desired: ResolvedTenant, live: LiveTenant, diagnostics: Diagnostic[], now: number): TenantPlan {
  // Out of scope, matching would only add noise (every shared name ambiguous) to the one error that matters.
  const inScope = checkSsoScope(desired, live, diagnostics);
  const atNow = desired.groups.map((group) => withoutExpired(group, now));
  const expiredOf = new Map(atNow.map((g) => [g.group, g.expired]));
  const matched = matchGroups(desired.tenantId, atNow.map((g) => g.group), inScope ? live.groups : []);
  diagnostics.push(...matched.diagnostics);
  // Consulted only for live members listed without a login id: built on the first such member, if any.
  let loginIds: Map<string, string | undefined> | undefined;
  const loginIdOf: LoginIdLookup = (userId) => (loginIds ??= new Map(live.users.map((u) => [u.userId, u.loginIds[0]]))).get(userId);
  const changes: GroupChange[] = [];
  const asserted: AssertedMembers[] = [];
  for (const { desired: group, live: target } of matched.matches) {
    if (target === undefined) {
      changes.push(planCreate(group));
      continue;
    }
    const { update, unverifiable } = planUpdate(desired.tenantId, group, target, expiredOf.get(group) ?? new Map(), loginIdOf, diagnostics);
    if (update !== undefined) changes.push(update);
    if (unverifiable !== undefined) asserted.push(unverifiable);
  }
  const unmanagedGroups = matched.readOnly.map((g) => g.name);
  if (desired.unmanagedGroups === 'delete' && live.groupsIncomplete !== undefined && matched.unmatched.length > 0) {
    // Deleting what one page shows would leave the rest, and measure the deletion safety on a part.
    diagnostics.push(
      errorAt(
        desired.at,
        'GROUPS_INCOMPLETE',
        `tenant ${desired.tenantId}: unmanagedGroups: delete needs every live group, but ${live.groupsIncomplete}; set unmanagedGroups: ignore for this tenant`,
      ),
    );
  }
  for (const group of matched.unmatched) {
    if (desired.unmanagedGroups === 'delete') changes.push(planDelete(group, loginIdOf));
    else unmanagedGroups.push(group.name);
  }
  changes.sort(compareChanges);
  warnUnverifiedExternalIds(desired.tenantId, matched.matches, diagnostics);
  const expiring = desired.groups.flatMap((group) => expiringMembers(group, now, desired.expiryWarningDays));
  return {
    tenant: desired.tenantId,
    changes,
    ...(asserted.length === 0 ? {} : { asserted: asserted.sort((a, b) => compareStrings(a.group, b.group) || compareStrings(a.groupId, b.groupId)) }),
    unmanagedGroups: unmanagedGroups.sort(compareStrings),
    blocked: checkSafety(changes, live.groups, desired.safety),
    fingerprints: fingerprintChanges(changes, live.groups),
    ...(expiring.length === 0 ? {} : { expiring }),
  };
}

function planCreate(group: ResolvedGroup): CreateChange {
  const add = group.members === undefined ? [] : diffMembers(group.members, [], group.membersMode, noLoginIds).add;
  return {
    action: 'create',
    group: group.name,
    externalId: group.externalId ?? null,
    membersMode: group.members === undefined ? 'unmanaged' : group.membersMode,
    add,
    remove: [],
  };
}

function planUpdate(
  tenantId: string,
  group: ResolvedGroup,
  live: LiveGroup,
  expired: ReadonlyMap<string, ResolvedMember>,
  loginIdOf: LoginIdLookup,
  diagnostics: Diagnostic[],
): { update?: UpdateChange; unverifiable?: AssertedMembers } {
  let add: PlanMember[] = [];
  let remove: PlanMember[] = [];
  let unverifiable: AssertedMembers | undefined;
  if (group.members !== undefined) {
    // Without a complete live list, authoritative removals cannot be computed: plan the adds, report the error.
    const unreadable = live.membersUnreadable !== undefined && group.membersMode === 'authoritative';
    ({ add, remove } = diffMembers(group.members, live.members, unreadable ? 'additive' : group.membersMode, loginIdOf));
    remove = withExpiredRemovals(remove, live.members, expired, loginIdOf);
    if (unreadable) {
      diagnostics.push(
        errorAt(
          group.at,
          'MEMBERS_UNREADABLE',
          `tenant ${tenantId}, group "${group.name}": authoritative membership needs the live members, but this server cannot list them (${live.membersUnreadable}); set membersMode: additive for this group or tenant, or omit members`,
        ),
      );
    }
    // Nothing the server shows tells a needed add from one already made: listed apart, so the plan can converge.
    if (live.membersUnverifiable !== undefined && add.length > 0) {
      unverifiable = { group: group.name, groupId: live.id, reason: live.membersUnverifiable, members: add };
      add = [];
    }
  }
  const renameFrom = live.name === group.name ? undefined : live.name;
  // An externalId that could not be read is not a difference (warnUnverifiedExternalIds says so).
  const externalId = group.externalId !== undefined && group.externalId !== live.externalId && live.externalIdUnread !== true ? group.externalId : undefined;
  const asserted = unverifiable === undefined ? {} : { unverifiable };
  if (renameFrom === undefined && externalId === undefined && add.length === 0 && remove.length === 0) return asserted;
  const update: UpdateChange = {
    action: 'update',
    group: group.name,
    groupId: live.id,
    ...(renameFrom === undefined ? {} : { renameFrom }),
    ...(externalId === undefined ? {} : { externalId }),
    membersMode: group.members === undefined ? 'unmanaged' : group.membersMode,
    add,
    remove,
  };
  return { update, ...asserted };
}

/**
 * Descope: `group/all` without an ssoId lists the groups of every SSO configuration of the tenant, while a SCIM
 * key writes one of them. Planning them as one namespace would match, create and delete across configurations.
 */
function checkSsoScope(desired: ResolvedTenant, live: LiveTenant, diagnostics: Diagnostic[]): boolean {
  if (desired.ssoId !== undefined) return true;
  const ssoIds = liveSsoIds(live);
  if (ssoIds.length < 2) return true;
  diagnostics.push(
    errorAt(
      desired.at,
      'SSO_ID_REQUIRED',
      `tenant ${desired.tenantId}: its groups belong to ${ssoIds.length} SSO configurations (${ssoIds.join(', ')}), and a SCIM key writes only one of them; ` +
        `set \`ssoId:\` on the tenant to the configuration its scimKey belongs to, e.g. \`ssoId: ${ssoIds.includes(DEFAULT_SSO_ID) ? DEFAULT_SSO_ID : ssoIds[0]}\``,
    ),
  );
  return false;
}

/** Declared externalIds the live state could not show (Descope without a SCIM key): neither a change nor "in sync". */
function warnUnverifiedExternalIds(tenantId: string, matches: readonly { desired: ResolvedGroup; live: LiveGroup | undefined }[], diagnostics: Diagnostic[]): void {
  const unverified = matches.filter((m) => m.desired.externalId !== undefined && m.live?.externalIdUnread === true).map((m) => m.desired);
  if (unverified.length === 0) return;
  diagnostics.push({
    ...errorAt(
      unverified[0]!.at,
      'EXTERNAL_ID_UNVERIFIED',
      `tenant ${tenantId}: the externalId of ${unverified.map((g) => `"${g.name}"`).join(', ')} is not verified: Descope's management API never returns it, ` +
        'and this run has no SCIM key for the tenant to read it; the plan shows no externalId change, and apply (with the key) sets it where it differs',
    ),
    severity: 'warning',
  });
}

function planDelete(live: LiveGroup, loginIdOf: LoginIdLookup): DeleteChange {
  return { action: 'delete', group: live.name, groupId: live.id, add: [], remove: diffMembers([], live.members, 'authoritative', loginIdOf).remove };
}

function compareChanges(a: GroupChange, b: GroupChange): number {
  return (
    ACTION_ORDER[a.action] - ACTION_ORDER[b.action] ||
    compareStrings(a.group, b.group) ||
    compareStrings(a.action === 'create' ? '' : a.groupId, b.action === 'create' ? '' : b.groupId)
  );
}

// What `apply --plan` re-checks: every live group a change was computed from, and the group set for the creates.
function fingerprintChanges(changes: readonly GroupChange[], live: readonly LiveGroup[]): Record<string, string> {
  const fingerprints: Record<string, string> = {};
  if (changes.length === 0) return fingerprints;
  const byId = new Map(live.map((g) => [g.id, g]));
  for (const change of changes) {
    if (change.action === 'create') continue;
    const group = byId.get(change.groupId);
    if (group !== undefined) fingerprints[change.groupId] = fingerprintGroup(group);
  }
  fingerprints['@groups'] = fingerprintGroupSet(live);
  return fingerprints;
}
