import { escapeMarkdownText } from '../render/markdown-escape.js';
import type { AccessReport, AccessRow } from './access-report.js';

const COLUMNS = ['tenant', 'group', 'loginId', 'userId', 'status', 'since', 'until', 'reason', 'ticket', 'source'] as const satisfies readonly (keyof AccessRow)[];

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: a leading formula character is defused with a quote mark, and the cell quoted when it must be. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function renderCsv(report: AccessReport): string {
  const lines = [COLUMNS.join(',')];
  for (const row of report.rows) lines.push(COLUMNS.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function renderReportJson(report: AccessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderReportMarkdown(report: AccessReport): string {
  const out = [`# Access report as of ${report.asOf}`, ''];
  const tenants = [...new Set(report.rows.map((r) => r.tenant))];
  if (tenants.length === 0) out.push('No memberships.', '');
  for (const tenant of tenants) {
    out.push(`## Tenant ${escapeMarkdownText(tenant)}`, '', `| ${COLUMNS.slice(1).join(' | ')} |`, `|${COLUMNS.slice(1).map(() => '---').join('|')}|`);
    for (const row of report.rows.filter((r) => r.tenant === tenant)) {
      out.push(`| ${COLUMNS.slice(1).map((c) => escapeMarkdownText(row[c])).join(' | ')} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

