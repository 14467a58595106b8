import type { Plan } from '../model/types.js';

/** The first line of groupform's drift issue: how the next scheduled run finds the one issue to update or close. */
export const DRIFT_ISSUE_MARKER = '<!-- groupform-drift -->';
export const DRIFT_ISSUE_TITLE = 'groupform: the live state drifted from the configuration';

/**
 * Whether a plan of everything shows drift: a change to make that is not only the removal of memberships whose
 * `until` has passed (those are the schedule's own work, not someone's edit behind the config's back).
 */
export function showsDrift(plan: Plan): boolean {
  return plan.tenants.some((tenant) =>
    tenant.changes.some((change) => change.action !== 'update' || change.add.length > 0 || change.renameFrom !== undefined ||
      change.externalId !== undefined || change.remove.some((member) => member.expired === undefined)),
  );
}

export interface DriftReport {
  drifted: boolean;
  sha: string;
  time: Date;
  /** The plan as markdown. */
  planMarkdown: string;
  runUrl?: string;
}

export type DriftIssueAction = 'opened' | 'updated' | 'closed' | 'none';

/** A forge's issues, as far as the drift report needs them; an issue is named by its number (GitHub) or iid (GitLab). */
export interface DriftIssueTracker {
  /** The open issue whose text starts with DRIFT_ISSUE_MARKER, if any. */
  findOpen(): Promise<number | undefined>;
  open(title: string, body: string): Promise<number>;
  update(issue: number, body: string): Promise<void>;
  close(issue: number, body: string): Promise<void>;
}

/** Opens the drift issue, or updates the open one; on a clean run closes it, saying so. At most one is ever open. */
export async function reportDrift(tracker: DriftIssueTracker, report: DriftReport): Promise<{ action: DriftIssueAction; issue?: number }> {
  const open = await tracker.findOpen();
  const body = driftIssueBody(report);
  if (report.drifted) {
    if (open === undefined) return { action: 'opened', issue: await tracker.open(DRIFT_ISSUE_TITLE, body) };
    await tracker.update(open, body);
    return { action: 'updated', issue: open };
  }
  if (open === undefined) return { action: 'none' };
  await tracker.close(open, body);
  return { action: 'closed', issue: open };
}

export function driftIssueBody(report: DriftReport): string {
  const when = report.time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const run = report.runUrl === undefined ? '' : ` ([run](${report.runUrl}))`;
  const headline = report.drifted
    ? 'The live state differs from the configuration: someone changed groups or members outside groupform, or a change was not applied. Applying the configuration would make these changes:'
    : 'No drift: the live state matches the configuration (the removal of memberships whose `until` passed is not drift).';
  return `${[DRIFT_ISSUE_MARKER, `Checked commit \`${report.sha}\` at ${when}${run}.`, '', headline, '', report.planMarkdown.trimEnd()].join('\n')}\n`;
}

/** What the drift step prints about what it did. */
export function describeDriftAction({ action, issue }: { action: DriftIssueAction; issue?: number }, issueRef: (issue: number) => string): string {
  return action === 'none' ? 'No drift, and no drift issue open.\n' : `Drift issue ${issueRef(issue ?? 0)} ${action}.\n`;
}
