import type { Plan } from '../../model/types.js';
import { repoPath, type GitHubApi } from './api.js';

/** The first line of groupform's drift issue: how the next scheduled run finds the one issue to update or close. */
export const DRIFT_ISSUE_MARKER = '<!-- groupform-drift -->';
export const DRIFT_ISSUE_TITLE = 'groupform: the live state drifted from the configuration';

interface Issue {
  number: number;
  body?: string | null;
  pull_request?: unknown;
}

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

/** Opens the drift issue, or updates the open one; on a clean run closes it, saying so. At most one is ever open. */
export async function reportDrift(api: GitHubApi, repo: string, report: DriftReport): Promise<{ action: DriftIssueAction; number?: number }> {
  const open = await findOpenDriftIssue(api, repo);
  const body = driftIssueBody(report);
  if (report.drifted) {
    if (open === undefined) {
      const created = (await api.send('POST', `${repoPath(repo)}/issues`, { title: DRIFT_ISSUE_TITLE, body })) as Issue;
      return { action: 'opened', number: created.number };
    }
    await api.send('PATCH', `${repoPath(repo)}/issues/${open.number}`, { body });
    return { action: 'updated', number: open.number };
  }
  if (open === undefined) return { action: 'none' };
  await api.send('PATCH', `${repoPath(repo)}/issues/${open.number}`, { body, state: 'closed', state_reason: 'completed' });
  return { action: 'closed', number: open.number };
}

export function driftIssueBody(report: DriftReport): string {
  const when = report.time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const run = report.runUrl === undefined ? '' : ` ([run](${report.runUrl}))`;
  const headline = report.drifted
    ? 'The live state differs from the configuration: someone changed groups or members outside groupform, or a change was not applied. Applying the configuration would make these changes:'
    : 'No drift: the live state matches the configuration (the removal of memberships whose `until` passed is not drift).';
  return `${[DRIFT_ISSUE_MARKER, `Checked commit \`${report.sha}\` at ${when}${run}.`, '', headline, '', report.planMarkdown.trimEnd()].join('\n')}\n`;
}

// The issues list holds pull requests too; only an open issue whose body starts with the marker is ours.
async function findOpenDriftIssue(api: GitHubApi, repo: string): Promise<Issue | undefined> {
  for (let page = 1; ; page++) {
    const issues = (await api.get(`${repoPath(repo)}/issues`, { state: 'open', per_page: 100, page })) as Issue[];
    const found = issues.find((issue) => issue.pull_request === undefined && (issue.body ?? '').startsWith(DRIFT_ISSUE_MARKER));
    if (found !== undefined) return found;
    if (issues.length < 100) return undefined;
  }
}
