import type { Plan, TenantPlan } from '../model/types.js';
import { countChanges } from '../plan/compute.js';
import { type ChangeLine, countOf, describeAssertedTotal, describeNotChecked, describeTenantChanges, describeUnmanaged } from './change-lines.js';
import { codeFence, codeSpan, escapeHtml, escapeMarkdownText } from './markdown-escape.js';
import { NO_CHANGES_LINE, renderSummaryLine } from './text.js';

export const MARKER = '<!-- groupform-plan -->';
export const SEE_ARTIFACT = 'see the JSON plan artifact';
const NOT_CHECKED_SHOWN = 20;

// `!` rather than `~` for updates: GitHub's diff highlighting colours `+`, `-` and `!` lines, not `~`.
const DIFF_SIGIL: Record<ChangeLine['kind'], string> = {
  create: '+ ',
  update: '! ',
  delete: '- ',
  add: '+     ',
  remove: '-     ',
  note: '      ',
  assert: '= ',
  asserted: '=     ',
};

/** Marker, heading with the planId, the summary line and, unless compact, how to acknowledge a block. */
export function renderHead(plan: Plan, hasChanges: boolean, compact = false): string {
  const lines = [MARKER, `### groupform plan ${codeSpan(plan.planId)}`, ''];
  lines.push(hasChanges ? `**${renderSummaryLine(plan.summary)}**` : NO_CHANGES_LINE);
  const asserted = compact ? undefined : describeAssertedTotal(plan);
  if (asserted !== undefined) lines.push('', escapeMarkdownText(asserted));
  // In the head, which is never cut for length: a reviewer must see which tenants this plan did not look at.
  const notChecked = describeNotChecked(plan, compact ? 0 : NOT_CHECKED_SHOWN, (name) => codeSpan(name), SEE_ARTIFACT);
  if (notChecked !== undefined) lines.push('', '> [!NOTE]', `> ${notChecked}.`);
  if (plan.summary.blocked && !compact) {
    const tenants = plan.tenants.filter((t) => t.blocked.length > 0).length;
    lines.push(
      '',
      '> [!CAUTION]',
      `> **Blocked by a safety rule** in ${countOf(tenants, 'tenant')}. To apply it anyway, review the changes and pass ` +
        `${codeSpan(`--acknowledge ${plan.planId}`)}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function renderTable(rows: readonly string[], footnote?: string): string {
  const lines = ['| tenant | groups +/~/- | members +/- | blocked |', '| --- | --- | --- | --- |', ...rows];
  if (footnote !== undefined) lines.push('', footnote);
  return `${lines.join('\n')}\n`;
}

export function renderTableRow(tenant: TenantPlan): string {
  const t = countChanges(tenant.changes);
  const blocked = tenant.blocked.length > 0 ? `⛔ ${tenant.blocked.map((b) => b.code).join(', ')}` : 'no';
  return `| ${codeSpan(tenant.tenant, { inTable: true })} | ${t.groupsToCreate} / ${t.groupsToUpdate} / ${t.groupsToDelete} | ${t.membersToAdd} / ${t.membersToRemove} | ${blocked} |`;
}

/** One collapsible section; member lists cut to `maxMembersPerGroup` lines per group, saying how many are hidden. */
export function renderTenantSection(tenant: TenantPlan, maxMembersPerGroup: number, maxDiffLines = Infinity): string {
  const t = countChanges(tenant.changes);
  const state = tenant.blocked.length > 0 ? ' — ⛔ blocked' : '';
  const asserted = (tenant.asserted ?? []).reduce((n, e) => n + e.members.length, 0);
  const summary =
    `<code>${escapeHtml(tenant.tenant)}</code>: groups +${t.groupsToCreate} ~${t.groupsToUpdate} -${t.groupsToDelete}, ` +
    `members +${t.membersToAdd} -${t.membersToRemove}${asserted === 0 ? '' : `, ${asserted} asserted`}${state}`;
  const lines = [`<details><summary>${summary}</summary>`, ''];
  for (const reason of tenant.blocked) {
    lines.push(`⛔ **Blocked** (${codeSpan(reason.code)}): ${escapeMarkdownText(reason.message)}`, '');
  }
  const unmanaged = describeUnmanaged(tenant.unmanagedGroups, (name) => codeSpan(name));
  if (unmanaged !== undefined) lines.push(unmanaged, '');
  const diff = describeTenantChanges(tenant, maxMembersPerGroup).map((line) => `${DIFF_SIGIL[line.kind]}${line.text}`);
  const shown = diff.slice(0, maxDiffLines);
  if (shown.length > 0) {
    const body = shown.join('\n');
    const fence = codeFence(body);
    lines.push(`${fence}diff`, body, fence, '');
  }
  if (shown.length < diff.length) lines.push(`… ${countOf(diff.length - shown.length, 'more line')} of changes not shown; ${SEE_ARTIFACT}.`, '');
  lines.push('</details>');
  return `${lines.join('\n')}\n`;
}

/** The number of diff lines a tenant's section has at this member level (the most `maxDiffLines` can show). */
export function countDiffLines(tenant: TenantPlan, maxMembersPerGroup: number): number {
  return describeTenantChanges(tenant, maxMembersPerGroup).length;
}

export function describeShortenedMembers(maxMembersPerGroup: number): string {
  return maxMembersPerGroup === 0
    ? `Member lists are left out to fit the comment size limit; ${SEE_ARTIFACT}.`
    : `Member lists are shortened to ${maxMembersPerGroup} per group to fit the comment size limit; ${SEE_ARTIFACT}.`;
}

export function describeDroppedSections(dropped: number, shown: number): string {
  const noun = shown > 0 ? countOf(dropped, 'more tenant') : countOf(dropped, 'tenant');
  return `… ${noun} not shown; ${SEE_ARTIFACT}.`;
}

export function describeDroppedRows(dropped: number): string {
  if (dropped === 0) return `Per-tenant details are left out; ${SEE_ARTIFACT}.`;
  return `… ${countOf(dropped, 'more tenant')} not shown, and per-tenant details are left out; ${SEE_ARTIFACT}.`;
}
