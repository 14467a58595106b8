import { DRIFT_ISSUE_MARKER, type DriftIssueTracker } from '../drift-report.js';
import { projectPath, type GitLabApi } from './api.js';

interface Issue {
  iid: number;
  description?: string | null;
}

/** The project's issues for the drift report (by iid; `description` is GitLab's issue body). */
export function gitLabIssues(api: GitLabApi, project: string): DriftIssueTracker {
  const issues = `${projectPath(project)}/issues`;
  return {
    findOpen: async () => (await findOpenDriftIssue(api, issues))?.iid,
    open: async (title, description) => ((await api.send('POST', issues, { title, description })) as Issue).iid,
    update: async (iid, description) => void (await api.send('PUT', `${issues}/${iid}`, { description })),
    close: async (iid, description) => void (await api.send('PUT', `${issues}/${iid}`, { description, state_event: 'close' })),
  };
}

async function findOpenDriftIssue(api: GitLabApi, issues: string): Promise<Issue | undefined> {
  for (let page = 1; ; page++) {
    const list = (await api.get(issues, { state: 'opened', per_page: 100, page })).body as Issue[];
    const found = list.find((issue) => (issue.description ?? '').startsWith(DRIFT_ISSUE_MARKER));
    if (found !== undefined) return found;
    if (list.length < 100) return undefined;
  }
}
