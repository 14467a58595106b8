import { compareStrings, loginIdKey, memberIdentity } from '../model/normalize.js';
import type { DeclaredMember, DesiredState, GroupChange, Plan, PlanMember } from '../model/types.js';

/** One side of a group's change: the members it concerns and who may approve them (empty: nobody needs to). */
export interface ApprovalSide {
  members: PlanMember[];
  /** Any one of them approves; empty when no approval is needed. */
  approvers: string[];
  /** Why no approval is needed, when none is. */
  exempt?: 'self-removal' | 'expired';
}

export interface GroupApproval {
  tenant: string;
  group: string;
  action: GroupChange['action'];
  /** The config file that declares the group (for CODEOWNERS); the tenant's for a group being deleted. */
  file: string;
  /**
   * Every file a reviewer of this change may be looking at: the group's, and each file declaring an added
   * member (a set or a template shared by many tenants), so CODEOWNERS asks the group's owners for those too.
   */
  files: string[];
  /** Added members, and the group's own create, rename or delete: an owner must approve. */
  grants: ApprovalSide;
  /** Removed members: an owner must approve, unless the author removes only themself or every removal is an expiry. */
  revocations: ApprovalSide;
  /** Approval is needed but the configuration names no owner for this group. */
  unowned: boolean;
}

export interface ApprovalReport {
  planId: string;
  groups: GroupApproval[];
}

/**
 * Who must approve each changed group of `plan`, from the owners `desired` declares. A grant (an added member,
 * or creating, renaming or deleting the group) needs one of the group's owners. A revocation needs one too,
 * except when it only removes `author` (a person leaving a group needs no one) or only removes members whose
 * `until` passed (approved when the `until` was written). Pure: no network, no clock.
 */
export function computeApprovers(plan: Plan, desired: DesiredState, author?: string): ApprovalReport {
  const tenants = new Map(desired.tenants.map((t) => [t.tenantId, t]));
  const groups: GroupApproval[] = [];
  for (const tenantPlan of plan.tenants) {
    const tenant = tenants.get(tenantPlan.tenant);
    for (const change of tenantPlan.changes) {
      const declared = change.action === 'delete' ? undefined : tenant?.groups.find((g) => g.name === change.group);
      const owners = [...new Set(declared?.owners ?? tenant?.owners ?? [])].sort(compareStrings);
      const grantNeeded = change.add.length > 0 || change.action !== 'update' || change.renameFrom !== undefined || change.externalId !== undefined;
      const revocations = revocationSide(change.remove, owners, author);
      const revokeNeeded = change.remove.length > 0 && revocations.exempt === undefined;
      const file = declared?.at.file ?? tenant?.at.file ?? '';
      groups.push({
        tenant: tenantPlan.tenant,
        group: change.group,
        action: change.action,
        file,
        files: filesOf(file, change.add, declared?.members ?? []),
        grants: { members: [...change.add], approvers: grantNeeded ? owners : [] },
        revocations,
        unowned: (grantNeeded || revokeNeeded) && owners.length === 0,
      });
    }
  }
  return { planId: plan.planId, groups };
}

function filesOf(groupFile: string, added: readonly PlanMember[], declared: readonly DeclaredMember[]): string[] {
  const files = new Set(groupFile === '' ? [] : [groupFile]);
  const byIdentity = new Map<string, DeclaredMember>();
  for (const member of declared) byIdentity.set(memberIdentity(member), member);
  for (const member of added) {
    const source = byIdentity.get(memberIdentity({ userId: member.userId })) ?? (member.loginId === undefined ? undefined : byIdentity.get(memberIdentity({ loginId: member.loginId })));
    if (source !== undefined) files.add(source.at.file);
  }
  return [...files].sort(compareStrings);
}

function revocationSide(remove: readonly PlanMember[], owners: string[], author: string | undefined): ApprovalSide {
  const members = [...remove];
  if (members.length === 0) return { members, approvers: [] };
  if (members.every((m) => m.expired !== undefined)) return { members, approvers: [], exempt: 'expired' };
  const others = members.filter((m) => m.expired === undefined);
  if (author !== undefined && others.every((m) => isAuthor(m, author))) return { members, approvers: [], exempt: 'self-removal' };
  return { members, approvers: owners };
}

function isAuthor(member: PlanMember, author: string): boolean {
  return member.userId === author || (member.loginId !== undefined && loginIdKey(member.loginId) === loginIdKey(author));
}
