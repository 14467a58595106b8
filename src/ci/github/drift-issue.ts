import { DRIFT_ISSUE_MARKER, type DriftIssueTracker } from '../drift-report.js';
import { repoPath, type GitHubApi } from './api.js';

interface Issue {
  number: number;
  body?: string | null;
  pull_request?: unknown;
}

/** The repository's issues for the drift report. */
export function gitHubIssues(api: GitHubApi, repo: string): DriftIssueTracker {
  const issues = `${repoPath(repo)}/issues`;
  return {
    findOpen: async () => (await findOpenDriftIssue(api, issues))?.number,
    open: async (title, body) => ((await api.send('POST', issues, { title, body })) as Issue).number,
    update: async (issue, body) => void (await api.send('PATCH', `${issues}/${issue}`, { body })),
    close: async (issue, body) => void (await api.send('PATCH', `${issues}/${issue}`, { body, state: 'closed', state_reason: 'completed' })),
  };
}

// The issues list holds pull requests too; only an open issue whose body starts with the marker is ours.
async function findOpenDriftIssue(api: GitHubApi, issues: string): Promise<Issue | undefined> {
  for (let page = 1; ; page++) {
    const list = (await api.get(issues, { state: 'open', per_page: 100, page })) as Issue[];
    const found = list.find((issue) => issue.pull_request === undefined && (issue.body ?? '').startsWith(DRIFT_ISSUE_MARKER));
    if (found !== undefined) return found;
    if (list.length < 100) return undefined;
  }
}
