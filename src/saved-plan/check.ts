import { groupNameKey } from '../model/normalize.js';
import type { BlockedReason, CreateChange, GroupChange, LiveGroup, LiveTenant, Plan, SafetyLimits, TenantPlan } from '../model/types.js';
import { summarizePlan } from '../plan/compute.js';
import { fingerprintGroup, fingerprintGroupSet } from '../plan/fingerprint.js';
import { checkSafety } from '../plan/safety.js';
import { printable } from '../util/printable.js';
import { adoptionUpdate, changeKey, isExplainedByChange, type JournalMark, residualUpdate, type ResumeStep } from './resume.js';

export interface SavedPlanCheck {
  /** One line per group that moved since the plan; any line means the plan must not be applied. */
  stale: string[];
  /** Changes an earlier run of this same plan already did, in full or in part (keyed by changeKey). */
  steps: Map<string, ResumeStep>;
}

const JOURNAL_DONE = 'already done per journal';

/**
 * A saved plan is applied only if the live state is still the one it was computed from (its fingerprints).
 * When the journal of an earlier run of this same plan marks changes as started or done, the groups those
 * changes touched may differ, but only in the direction of the change, and what the journal calls done must
 * show in the live state.
 */
export function checkSavedPlan(
  plan: Plan,
  live: readonly LiveTenant[],
  marks: ReadonlyMap<string, JournalMark> = new Map(),
): SavedPlanCheck {
  const liveById = new Map(live.map((t) => [t.tenantId, t]));
  const result: SavedPlanCheck = { stale: [], steps: new Map() };
  for (const tenantPlan of plan.tenants) {
    const groups = liveById.get(tenantPlan.tenant)?.groups ?? [];
    const resumed = tenantPlan.changes.some((c) => marks.has(changeKey(tenantPlan.tenant, c)));
    checkTenantChanges(tenantPlan, groups, resumed ? marks : new Map(), result);
    // The set fingerprint guards creates, renames and new externalIds against a group appearing with their
    // name or externalId. After a partial run the set differs by this plan's own creates, renames and deletes
    // and cannot be re-derived (a deleted group's externalId is not in the plan), so checkTenantChanges checks
    // those names and externalIds one by one.
    if (!resumed) checkGroupSet(tenantPlan, groups, result.stale);
  }
  return result;
}

/**
 * The safety of a saved plan (README, Safety and saved plans), decided again: the file is data anyone may have edited, so neither its
 * `blocked` nor its summary is trusted. Each tenant is measured on what is left to do (changes an earlier run
 * of this plan finished left out, partly done ones by their residual) against its live groups now. A block the
 * file records is kept as well: an edit can add a block, never lift one.
 */
export function recheckSafety(
  plan: Plan,
  live: readonly LiveTenant[],
  limits: ReadonlyMap<string, SafetyLimits>,
  steps: ReadonlyMap<string, ResumeStep> = new Map(),
): Plan {
  const liveById = new Map(live.map((t) => [t.tenantId, t.groups]));
  const tenants = plan.tenants.map((tenantPlan) => {
    const tenantLimits = limits.get(tenantPlan.tenant);
    if (tenantLimits === undefined) throw new Error(`no safety limits for tenant ${tenantPlan.tenant}`);
    const remaining = tenantPlan.changes.flatMap((change) => {
      const step = steps.get(changeKey(tenantPlan.tenant, change));
      if (step === undefined) return [change];
      return step.kind === 'done' ? [] : [step.change];
    });
    const fresh = checkSafety(remaining, liveById.get(tenantPlan.tenant) ?? [], tenantLimits);
    const saved = tenantPlan.blocked
      .filter((reason) => !fresh.some((f) => f.code === reason.code))
      .map((reason): BlockedReason => ({ code: reason.code, message: `${printable(reason.message)} (when planned)` }));
    return { ...tenantPlan, blocked: [...fresh, ...saved] };
  });
  return { ...plan, tenants, summary: summarizePlan(tenants) };
}

// What a create, a rename or a new externalId is valid against: no other group holds that name or externalId.
function dependsOnGroupSet(change: GroupChange): boolean {
  return change.action === 'create' || (change.action === 'update' && (change.renameFrom !== undefined || change.externalId !== undefined));
}

function describeDependent(change: GroupChange): string {
  if (change.action === 'create') return `the create of "${change.group}"`;
  if (change.action === 'update' && change.renameFrom !== undefined) return `the rename of "${change.renameFrom}" to "${change.group}"`;
  return `the externalId of "${change.group}"`;
}

function checkGroupSet(tenantPlan: TenantPlan, groups: readonly LiveGroup[], stale: string[]): void {
  const dependents = tenantPlan.changes.filter(dependsOnGroupSet);
  const expected = tenantPlan.fingerprints['@groups'];
  if (dependents.length === 0) return;
  if (expected === undefined) {
    stale.push(`${tenantPlan.tenant}: the plan has no "@groups" fingerprint, which ${dependents.map(describeDependent).join(', ')} need`);
    return;
  }
  if (fingerprintGroupSet(groups) === expected) return;
  const holders = groups.filter((g) => dependents.some((c) => holdsTargetOf(g, c)));
  const hint = holders.length === 0 ? '' : `; now live: ${holders.map((g) => `"${g.name}" (${g.id})`).join(', ')}`;
  stale.push(
    `${tenantPlan.tenant}: its set of groups changed since the plan (a group was created, renamed or deleted, or its externalId changed), which affects ${dependents.map(describeDependent).join(', ')}${hint}`,
  );
}

// A live group other than the change's own that has the name or externalId the change gives.
function holdsTargetOf(group: LiveGroup, change: GroupChange): boolean {
  if (change.action === 'delete' || (change.action === 'update' && change.groupId === group.id)) return false;
  const externalId = change.externalId ?? undefined;
  const renamesOrCreates = change.action === 'create' || change.renameFrom !== undefined;
  return (renamesOrCreates && groupNameKey(group.name) === groupNameKey(change.group)) || (externalId !== undefined && group.externalId === externalId);
}

function checkTenantChanges(
  tenantPlan: TenantPlan,
  groups: readonly LiveGroup[],
  marks: ReadonlyMap<string, JournalMark>,
  result: SavedPlanCheck,
): void {
  const { stale, steps } = result;
  const tenant = tenantPlan.tenant;
  const resumed = marks.size > 0;
  const byId = new Map(groups.map((g) => [g.id, g]));
  const holderOf = (name: string, exceptId?: string): LiveGroup | undefined =>
    groups.find((g) => g.id !== exceptId && groupNameKey(g.name) === groupNameKey(name));

  for (const change of tenantPlan.changes) {
    const key = changeKey(tenant, change);
    const mark = marks.get(key);
    if (change.action === 'create') {
      if (resumed) checkCreate(tenant, change, groups, mark, result);
      continue;
    }
    const group = byId.get(change.groupId);
    const expected = tenantPlan.fingerprints[change.groupId];
    const label = `${tenant}: group "${change.group}" (${change.groupId})`;
    const changedLine = `${label} changed since the plan (name, externalId or members)`;
    if (group === undefined) {
      if (change.action === 'delete' && mark !== undefined) {
        steps.set(key, { kind: 'done', reason: mark.state === 'done' ? JOURNAL_DONE : 'already done (the group is gone)' });
      } else {
        stale.push(`${label} no longer exists`);
      }
      continue;
    }
    if (change.action === 'delete') {
      if (mark?.state === 'done') stale.push(`${label}: the journal says it was deleted, but it still exists`);
      else if (expected !== undefined && fingerprintGroup(group) !== expected) stale.push(changedLine);
      continue;
    }
    // Per name and externalId, as the set fingerprint cannot be re-derived after a partial run (checkSavedPlan).
    const renamePending = resumed && change.renameFrom !== undefined && group.name !== change.group;
    const externalIdPending = resumed && change.externalId !== undefined && group.externalId !== change.externalId;
    const collision = renamePending ? holderOf(change.group, group.id) : undefined;
    const externalIdCollision = externalIdPending ? groups.find((g) => g.id !== group.id && g.externalId === change.externalId) : undefined;
    if (collision !== undefined) {
      stale.push(`${tenant}: ${appeared(collision)} since the plan, which affects the rename of "${change.renameFrom}" to "${change.group}"`);
    } else if (externalIdCollision !== undefined) {
      stale.push(`${tenant}: ${appeared(externalIdCollision)} since the plan, which affects the externalId "${change.externalId}" of "${change.group}"`);
    } else if (mark === undefined) {
      if (expected !== undefined && fingerprintGroup(group) !== expected) stale.push(changedLine);
    } else if (!isExplainedByChange(group, change, expected)) {
      stale.push(`${label} changed since the plan beyond what this plan's earlier run did`);
    } else {
      const residual = residualUpdate(group, change);
      // Without a readable member list the journal is trusted for removals, which cannot be confirmed.
      const unconfirmable =
        residual !== undefined && group.membersUnreadable !== undefined && residual.add.length === 0 &&
        residual.renameFrom === undefined && residual.externalId === undefined;
      if (residual === undefined || (mark.state === 'done' && unconfirmable)) {
        steps.set(key, { kind: 'done', reason: mark.state === 'done' ? JOURNAL_DONE : 'already done (the live group reflects it)' });
      } else if (mark.state === 'done') {
        stale.push(`${label}: the journal says it was updated, but the live group does not reflect the change`);
      } else {
        steps.set(key, { kind: 'residual', change: residual });
      }
    }
  }
}

/**
 * A create in a resumed run. Done per journal: its group must be live. Started (its result unknown): providers
 * POST first and look up only after a 409 or an uncertain failure, so posting again on a server that allows two
 * groups of one name (RFC 7643: displayName uniqueness "none") would make a second group; a live group of that
 * name, without another externalId, is the one the earlier POST made and is adopted instead.
 */
function checkCreate(tenant: string, change: CreateChange, groups: readonly LiveGroup[], mark: JournalMark | undefined, result: SavedPlanCheck): void {
  const key = changeKey(tenant, change);
  const named = groups.filter((g) => groupNameKey(g.name) === groupNameKey(change.group));
  if (mark?.state === 'done') {
    const holder = named[0];
    if (holder === undefined) result.stale.push(`${tenant}: the journal says group "${change.group}" was created, but no live group has that name`);
    else result.steps.set(key, { kind: 'done', reason: JOURNAL_DONE, groupId: holder.id });
    return;
  }
  const externalIdHolder = change.externalId === null ? undefined : groups.find((g) => g.externalId === change.externalId);
  if (mark === undefined) {
    const taken = named[0] ?? externalIdHolder;
    if (taken !== undefined) result.stale.push(`${tenant}: ${appeared(taken)} since the plan, which affects the create of "${change.group}"`);
    return;
  }
  if (named.length === 0) {
    if (externalIdHolder !== undefined) {
      result.stale.push(`${tenant}: ${appeared(externalIdHolder)} since the plan, which affects the externalId "${change.externalId}" of the create of "${change.group}"`);
    }
    return;
  }
  const [holder] = named;
  const adoptable =
    named.length === 1 && holder !== undefined && (externalIdHolder === undefined || externalIdHolder === holder) &&
    (change.externalId === null || holder.externalId === undefined || holder.externalId === change.externalId);
  if (!adoptable) {
    const others = [...new Set([...named, ...(externalIdHolder === undefined ? [] : [externalIdHolder])])];
    result.stale.push(
      `${tenant}: the create of "${change.group}" was started by an earlier run, but it cannot tell which live group that made: ${others.map(describeLive).join(', ')}`,
    );
    return;
  }
  const residual = adoptionUpdate(holder, change);
  result.steps.set(
    key,
    residual === undefined
      ? { kind: 'done', reason: `already done (adopted the live group ${holder.id} an earlier run created)`, groupId: holder.id, adopted: true }
      : { kind: 'residual', change: residual, adopted: true },
  );
}

function describeLive(group: LiveGroup): string {
  return `"${group.name}" (${group.id}${group.externalId === undefined ? '' : `, externalId "${group.externalId}"`})`;
}

function appeared(group: LiveGroup): string {
  return `a group named ${describeLive(group)} appeared`;
}
