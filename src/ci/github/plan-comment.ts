import { repoPath, type GitHubApi } from './api.js';
import { PLAN_COMMENT_MARKER } from '../comment-body.js';

interface IssueComment {
  id: number;
  body?: string | null;
}

/** Creates groupform's comment on the pull request once; every later push updates that same comment. */
export async function upsertPlanComment(api: GitHubApi, repo: string, pullNumber: number, body: string): Promise<'created' | 'updated'> {
  const existing = await findPlanComment(api, repo, pullNumber);
  if (existing === undefined) {
    await api.send('POST', `${repoPath(repo)}/issues/${pullNumber}/comments`, { body });
    return 'created';
  }
  await api.send('PATCH', `${repoPath(repo)}/issues/comments/${existing.id}`, { body });
  return 'updated';
}

async function findPlanComment(api: GitHubApi, repo: string, pullNumber: number): Promise<IssueComment | undefined> {
  for (let page = 1; ; page++) {
    const comments = (await api.get(`${repoPath(repo)}/issues/${pullNumber}/comments`, { per_page: 100, page })) as IssueComment[];
    const found = comments.find((c) => (c.body ?? '').startsWith(PLAN_COMMENT_MARKER));
    if (found !== undefined) return found;
    if (comments.length < 100) return undefined;
  }
}
