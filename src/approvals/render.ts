import { compareStrings } from '../model/normalize.js';
import type { PlanMember } from '../model/types.js';
import { quote } from '../render/change-lines.js';
import { printable } from '../util/printable.js';
import type { ApprovalReport, ApprovalSide } from './approvers.js';

/** Per changed group: grants and revocations, each with who may approve (any one of them). */
export function renderApproversText(report: ApprovalReport): string {
  if (report.groups.length === 0) return `Plan ${report.planId} changes no group: no approval needed.\n`;
  const lines = [`Approvals for plan ${report.planId} (any one listed owner approves a side):`];
  for (const g of report.groups) {
    lines.push(`tenant ${printable(g.tenant)}, group ${quote(g.group)} (${g.action})${g.unowned ? ': no owner declared; add owners to the group or its tenant' : ''}`);
    const grantNote = g.grants.members.length > 0 ? countMembers(g.grants.members) : g.action === 'update' ? 'renaming the group or its externalId' : `the group's ${g.action}`;
    if (g.grants.approvers.length > 0 || g.grants.members.length > 0) lines.push(`  grants (${grantNote}): ${describeSide(g.grants)}`);
    if (g.revocations.members.length > 0) lines.push(`  revocations (${countMembers(g.revocations.members)}): ${describeSide(g.revocations)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderApproversJson(report: ApprovalReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * CODEOWNERS lines: each config file holding a group whose change needs approval, with every owner who may
 * approve it, so GitHub's required reviews enforce the rule. Paths are as the config set names them.
 */
export function renderApproversCodeowners(report: ApprovalReport): string {
  const byFile = new Map<string, Set<string>>();
  for (const g of report.groups) {
    const owners = [...g.grants.approvers, ...g.revocations.approvers];
    if (owners.length === 0) continue;
    for (const file of g.files) {
      const set = byFile.get(file) ?? new Set<string>();
      for (const owner of owners) set.add(owner);
      byFile.set(file, set);
    }
  }
  const lines = ['# groupform approvers: owners who must approve this plan, per config file'];
  for (const file of [...byFile.keys()].sort(compareStrings)) {
    lines.push(`/${file.replace(/^\.?\//, '').replace(/ /g, '\\ ')} ${[...byFile.get(file)!].sort(compareStrings).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeSide(side: ApprovalSide): string {
  if (side.exempt === 'self-removal') return 'no approval needed (the author removes only themself)';
  if (side.exempt === 'expired') return 'no approval needed (every removal is an expired membership)';
  if (side.approvers.length === 0) return 'needs an owner, and none is declared';
  return `needs one of ${side.approvers.map(printable).join(', ')}`;
}

function countMembers(members: readonly PlanMember[]): string {
  return members.length === 1 ? `1 member: ${label(members[0]!)}` : `${members.length} members`;
}

function label(member: PlanMember): string {
  return printable(member.loginId ?? member.userId);
}
