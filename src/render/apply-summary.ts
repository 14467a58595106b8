import { type ApplyResult, type ChangeOutcome, INTERRUPTED } from '../apply/apply-plan.js';
import { describeChange, describeReason } from './apply-labels.js';
import { countOf } from './change-lines.js';

/**
 * `Apply complete: 1 group created, 2 updated, 0 deleted; 5 members added, 1 removed.` (README, apply). When
 * something failed or was skipped, the first word is `Applied:` and every such change follows on its own line.
 */
export function renderApplySummary(result: ApplyResult): string {
  const { summary } = result;
  const unfinished = result.outcomes.filter((o) => o.status === 'failed' || o.status === 'skipped');
  const counts =
    `${countOf(summary.groupsCreated, 'group')} created, ${summary.groupsUpdated} updated, ${summary.groupsDeleted} deleted; ` +
    `${countOf(summary.membersAdded, 'member')} added, ${summary.membersRemoved} removed.`;
  const lines = [`${unfinished.length === 0 ? 'Apply complete' : 'Applied'}: ${counts}`];
  if (summary.membersReasserted > 0) {
    lines.push(`${countOf(summary.membersReasserted, 'unverifiable member')} asserted again (the server cannot show whether they were members already).`);
  }
  if (summary.alreadyDone > 0) {
    lines.push(`${countOf(summary.alreadyDone, 'change')} already done by an earlier run of this plan, not repeated.`);
  }
  if (unfinished.length > 0) {
    const interrupted = result.interrupted || unfinished.some((o) => o.reason === INTERRUPTED);
    lines.push(`Apply ${interrupted ? 'interrupted' : 'failed'}: ${countOf(summary.failed, 'change')} failed, ${summary.skipped} skipped:`);
    for (const outcome of unfinished) {
      const reason = describeReason(outcome.reason ?? '');
      lines.push(
        outcome.status === 'failed'
          ? `  failed: ${describeChange(outcome.tenant, outcome.change)}: ${reason}${describeWritten(outcome)}`
          : `  skipped: ${describeChange(outcome.tenant, outcome.change)} (${reason})`,
      );
    }
  }
  return lines.join('\n');
}

/** ` (done before it failed, and counted above: the group created, 1000 of 1200 members added)`, counted in the line above. */
function describeWritten(outcome: ChangeOutcome): string {
  const { written, change } = outcome;
  if (written === undefined) return '';
  const parts = [
    ...(written.groupCreated ? ['the group created'] : []),
    ...(written.attributesChanged ? ['its name or externalId set'] : []),
    ...(written.membersAdded > 0 ? [`${written.membersAdded} of ${change.add.length} members added`] : []),
    ...(written.membersRemoved > 0 ? [`${written.membersRemoved} of ${change.remove.length} removed`] : []),
  ];
  return parts.length === 0 ? '' : ` (done before it failed, and counted above: ${parts.join(', ')})`;
}
