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
  if (report.rows.length === 0) out.push('No memberships.', '');
  const columns = COLUMNS.slice(1);
  // Rows come sorted by tenant: one table per run of the same tenant.
  report.rows.forEach((row, i) => {
    if (row.tenant !== report.rows[i - 1]?.tenant) {
      if (i > 0) out.push('');
      out.push(`## Tenant ${escapeMarkdownText(row.tenant)}`, '', `| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`);
    }
    out.push(`| ${columns.map((c) => escapeMarkdownText(row[c])).join(' | ')} |`);
  });
  if (report.rows.length > 0) out.push('');
  return out.join('\n');
}
