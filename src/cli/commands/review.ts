import { reviewsDue, type ReviewReport } from '../../approvals/review.js';
import { quote } from '../../render/change-lines.js';
import { printable } from '../../util/printable.js';
import type { CommandIo } from '../io.js';
import { clockOf, loadSelectedDesired, type SelectionOptions } from './selection.js';

export interface ReviewOptions extends SelectionOptions {
  format: 'text' | 'json';
  detailedExitcode?: boolean;
}

/** Lists groups whose access review is due or overdue. No network. */
export async function runReview(options: ReviewOptions, io: CommandIo): Promise<number> {
  const now = clockOf(options, io);
  const report = reviewsDue(await loadSelectedDesired(options, io, now), now);
  io.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderReviewText(report));
  return options.detailedExitcode === true && report.due.some((d) => d.status === 'overdue') ? 2 : 0;
}

function renderReviewText(report: ReviewReport): string {
  if (report.due.length === 0) return `No access review due (${report.reviewed} group${report.reviewed === 1 ? '' : 's'} with a review rule, as of ${report.asOf}).\n`;
  const lines = [`Access reviews as of ${report.asOf}:`];
  for (const d of report.due) {
    const when = d.dueAt === undefined ? 'never reviewed' : `${d.status === 'overdue' ? 'overdue since' : 'due'} ${d.dueAt} (reviewed ${printable(d.reviewedAt!)}, every ${printable(d.every)})`;
    const owners = d.owners.length === 0 ? 'no owner declared' : `owners: ${d.owners.map(printable).join(', ')}`;
    lines.push(`  ${d.status === 'overdue' ? '!' : '~'} tenant ${printable(d.tenant)}, group ${quote(d.group)}: ${when}; ${owners}`);
  }
  lines.push('', 'Recertify with a pull request that sets reviewedAt, approved by an owner.');
  return `${lines.join('\n')}\n`;
}
