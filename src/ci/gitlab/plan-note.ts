import { PLAN_COMMENT_MARKER } from '../comment-body.js';
import { projectPath, type GitLabApi } from './api.js';

interface Note {
  id: number;
  body?: string | null;
  system?: boolean;
}

/** Creates groupform's note on the merge request once; every later push updates that same note. */
export async function upsertPlanNote(api: GitLabApi, project: string, mergeRequestIid: number, body: string): Promise<'created' | 'updated'> {
  const notes = `${projectPath(project)}/merge_requests/${mergeRequestIid}/notes`;
  const existing = await findPlanNote(api, notes);
  if (existing === undefined) {
    await api.send('POST', notes, { body });
    return 'created';
  }
  await api.send('PUT', `${notes}/${existing.id}`, { body });
  return 'updated';
}

// System notes ("added 1 commit") are GitLab's own and never ours, whatever they quote.
async function findPlanNote(api: GitLabApi, notes: string): Promise<Note | undefined> {
  for (let page = 1; ; page++) {
    const list = (await api.get(notes, { per_page: 100, page })).body as Note[];
    const found = list.find((n) => n.system !== true && (n.body ?? '').startsWith(PLAN_COMMENT_MARKER));
    if (found !== undefined) return found;
    if (list.length < 100) return undefined;
  }
}
