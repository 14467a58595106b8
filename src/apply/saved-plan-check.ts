import { groupNameKey } from '../model/normalize.js';
import type { LiveGroup, LiveTenant, Plan, TenantPlan } from '../model/types.js';
import { fingerprintGroup, fingerprintGroupSet } from '../plan/fingerprint.js';
import { changeKey, isExplainedByChange, type JournalMark, residualUpdate, type ResumeStep } from './resume.js';

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
    // The set fingerprint guards creates and renames against a group appearing under their name. After a
    // partial run the set differs by this plan's own creates, renames and deletes and cannot be re-derived
    // (a deleted group's externalId is not in the plan), so checkTenantChanges checks those names one by one.
    if (!resumed) checkGroupSet(tenantPlan, groups, result.stale);
  }
  return result;
}

function checkGroupSet(tenantPlan: TenantPlan, groups: readonly LiveGroup[], stale: string[]): void {
  const creates = tenantPlan.changes.filter((c) => c.action === 'create');
  const expected = tenantPlan.fingerprints['@groups'];
  if (creates.length > 0 && expected !== undefined && fingerprintGroupSet(groups) !== expected) {
    stale.push(
      `${tenantPlan.tenant}: its set of groups changed since the plan (a group was created, renamed or deleted), which affects the creates of ${creates.map((c) => `"${c.group}"`).join(', ')}`,
    );
  }
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
      if (!resumed) continue;
      const holder = holderOf(change.group);
      if (mark?.state === 'done') {
        if (holder === undefined) stale.push(`${tenant}: the journal says group "${change.group}" was created, but no live group has that name`);
        else steps.set(key, { kind: 'done', reason: JOURNAL_DONE, groupId: holder.id });
      } else if (mark === undefined && holder !== undefined) {
        stale.push(`${tenant}: a group named "${holder.name}" appeared since the plan, which affects the create of "${change.group}"`);
      }
      // A create the journal saw start is performed again: the provider adopts a group it finds by that name.
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
    const renamePending = resumed && change.renameFrom !== undefined && group.name !== change.group;
    const collision = renamePending ? holderOf(change.group, group.id) : undefined;
    if (collision !== undefined) {
      stale.push(`${tenant}: a group named "${collision.name}" appeared since the plan, which affects the rename of "${change.renameFrom}"`);
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
