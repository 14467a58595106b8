import type { Plan, PlanSummary, TenantPlan } from '../model/types.js';
import {
  type ChangeLine,
  countOf,
  describeAssertedTotal,
  describeExpiring,
  describeNotChecked,
  describeTenantChanges,
  describeUnchanged,
  describeUnmanaged,
  isTenantChanged,
  isTenantShown,
} from './change-lines.js';
import { printable } from '../util/printable.js';

export interface TextRenderOptions {
  color: boolean;
}

type Style = 'green' | 'yellow' | 'red' | 'bold';
type Paint = (style: Style, text: string) => string;

const ANSI: Record<Style, string> = { green: '\x1b[32m', yellow: '\x1b[33m', red: '\x1b[31m', bold: '\x1b[1m' };
const RESET = '\x1b[0m';
const NOT_CHECKED_SHOWN = 100;

const SIGIL: Record<Exclude<ChangeLine['kind'], 'note'>, { sigil: string; style: Style }> = {
  create: { sigil: '+', style: 'green' },
  add: { sigil: '+', style: 'green' },
  update: { sigil: '~', style: 'yellow' },
  delete: { sigil: '-', style: 'red' },
  remove: { sigil: '-', style: 'red' },
  assert: { sigil: '=', style: 'bold' },
  asserted: { sigil: '=', style: 'bold' },
};

export const NO_CHANGES_LINE = 'No changes. The live state matches the configuration.';

/** Terraform-like plan for a terminal: one section per changed tenant, then the summary line. */
export function renderText(plan: Plan, options: TextRenderOptions): string {
  const paint: Paint = options.color ? (style, text) => `${ANSI[style]}${text}${RESET}` : (_style, text) => text;
  const changed = plan.tenants.filter(isTenantShown);
  const unchanged = describeUnchanged(plan.tenants);
  const expiring = renderExpiring(plan, paint);
  const notCheckedText = describeNotChecked(plan, NOT_CHECKED_SHOWN, printable, '--format json lists them all');
  const notChecked = notCheckedText === undefined ? '' : `${paint('yellow', `${notCheckedText}.`)}\n`;
  if (changed.length === 0) {
    // Only worth a line when it names something the user may have forgotten to declare.
    const hasUnmanaged = plan.tenants.some((t) => t.unmanagedGroups.length > 0);
    return `${expiring.join('\n')}${hasUnmanaged && unchanged !== undefined ? `${unchanged}\n` : ''}${notChecked}${NO_CHANGES_LINE}\n`;
  }
  const lines: string[] = [];
  for (const tenant of changed) lines.push(...renderTenant(tenant, paint), '');
  if (unchanged !== undefined) lines.push(unchanged, '');
  if (notChecked !== '') lines.push(notChecked);
  if (expiring.length > 0) lines.push(...expiring.slice(0, -1));
  // Only asserted members: nothing is known to differ, which is what the no-changes line says.
  lines.push(changed.some(isTenantChanged) ? paintSummaryLine(plan.summary, paint) : NO_CHANGES_LINE);
  const asserted = describeAssertedTotal(plan);
  if (asserted !== undefined) lines.push(asserted);
  if (plan.summary.blocked) lines.push('', ...renderBlockedFooter(plan, paint));
  return `${lines.join('\n')}\n`;
}

/** `Plan: 1 group to create, 2 to update, 0 to delete; 5 members to add, 1 to remove.` (README, plan). */
export function renderSummaryLine(summary: PlanSummary): string {
  return (
    `Plan: ${countOf(summary.groupsToCreate, 'group')} to create, ${summary.groupsToUpdate} to update, ` +
    `${summary.groupsToDelete} to delete; ${countOf(summary.membersToAdd, 'member')} to add, ` +
    `${summary.membersToRemove} to remove.`
  );
}

function paintSummaryLine(summary: PlanSummary, paint: Paint): string {
  return `${paint('bold', 'Plan:')}${renderSummaryLine(summary).slice('Plan:'.length)}`;
}

function renderTenant(tenant: TenantPlan, paint: Paint): string[] {
  const lines = [paint('bold', `Tenant ${printable(tenant.tenant)}`)];
  for (const reason of tenant.blocked) {
    lines.push(`  ${paint('red', paint('bold', `! blocked ${reason.code}: ${printable(reason.message)}`))}`);
  }
  for (const line of describeTenantChanges(tenant)) lines.push(renderChangeLine(line, paint));
  const unmanaged = describeUnmanaged(tenant.unmanagedGroups);
  if (unmanaged !== undefined) lines.push(`  ${unmanaged}`);
  return lines;
}

// Group lines at 2 spaces, member lines at 4, notes aligned with the member text (as Terraform aligns attributes).
function renderChangeLine(line: ChangeLine, paint: Paint): string {
  if (line.kind === 'note') return `      ${line.text}`;
  const { sigil, style } = SIGIL[line.kind];
  const indent = line.kind === 'add' || line.kind === 'remove' || line.kind === 'asserted' ? '    ' : '  ';
  return `${indent}${paint(style, sigil)} ${line.text}`;
}

// Each followed by an empty string: the blank line after the block.
function renderExpiring(plan: Plan, paint: Paint): string[] {
  const [head, ...entries] = describeExpiring(plan);
  if (head === undefined) return [];
  return [paint('yellow', paint('bold', head)), ...entries.map((e) => `  ${e}`), '', ''];
}

function renderBlockedFooter(plan: Plan, paint: Paint): string[] {
  const tenants = plan.tenants.filter((t) => t.blocked.length > 0).length;
  return [
    paint('red', paint('bold', `Blocked: plan ${plan.planId} exceeds a safety limit in ${countOf(tenants, 'tenant')} (see "! blocked" above).`)),
    `To apply it anyway, review the changes and pass --acknowledge ${plan.planId}`,
  ];
}
