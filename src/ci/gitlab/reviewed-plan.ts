import { GroupformError } from '../../errors.js';
import { encodePathSegment } from '../../http/index.js';
import { projectPath, type GitLabApi } from './api.js';

export type GitLabApplySource = { kind: 'reviewed'; planJson: string; mergeRequestIid: number; jobId: number } | { kind: 'fresh'; reason: string };

interface MergeRequestRef {
  iid: number;
  state: string;
  /** The head commit of the source branch. */
  sha: string;
}
interface PipelineRef {
  id: number;
  sha: string;
  /** `refs/merge-requests/<iid>/head` (the branch's commit) or `…/merge` (a merged results pipeline). */
  ref?: string;
}
interface JobRef {
  id: number;
  name: string;
  status: string;
}

/**
 * The plan reviewed on the merge request the merged commit came from: the `plan.json` artifact of the plan job
 * of that merge request's newest pipeline for its last head commit. Without one the apply refuses, unless
 * planning afresh was explicitly allowed.
 */
export async function findReviewedPlanOnGitLab(
  api: GitLabApi,
  project: string,
  mergedSha: string,
  planJobName: string,
  allowFreshPlan: boolean,
): Promise<GitLabApplySource> {
  const found = await lookUp(api, project, mergedSha, planJobName);
  if (typeof found !== 'string') return found;
  if (allowFreshPlan) return { kind: 'fresh', reason: found };
  throw new GroupformError(
    'CI_NO_REVIEWED_PLAN',
    `no reviewed plan for commit ${mergedSha}: ${found}. Nothing was applied. Review a plan on a merge request, or run the pipeline with GROUPFORM_ALLOW_FRESH_PLAN=true to plan and apply afresh.`,
  );
}

async function lookUp(api: GitLabApi, project: string, mergedSha: string, planJobName: string): Promise<GitLabApplySource | string> {
  const base = projectPath(project);
  const requests = (await api.get(`${base}/repository/commits/${encodePathSegment(mergedSha)}/merge_requests`)).body as MergeRequestRef[];
  const merged = requests.find((mr) => mr.state === 'merged');
  if (merged === undefined) return 'it was not merged from a merge request (direct push or manual run)';
  const pipelines = ((await api.get(`${base}/merge_requests/${merged.iid}/pipelines`, { per_page: 100 })).body as PipelineRef[]).sort((a, b) => b.id - a.id);
  const newest = await newestPipelineOf(api, base, pipelines, merged.sha);
  const noPlan = `merge request !${merged.iid} has no plan for its last commit ${merged.sha}`;
  if (newest === undefined) return `${noPlan} (no pipeline ran for it)`;
  const jobs = (await api.get(`${base}/pipelines/${newest.id}/jobs`, { per_page: 100, include_retried: 'false' })).body as JobRef[];
  const job = jobs.filter((j) => j.name === planJobName).sort((a, b) => b.id - a.id)[0];
  if (job === undefined) return `${noPlan} (pipeline ${newest.id} has no ${planJobName} job)`;
  if (job.status !== 'success') return `${noPlan} (its ${planJobName} job ${job.id} is ${job.status})`;
  const artifact = await api.get(`${base}/jobs/${job.id}/artifacts/plan.json`, undefined, [404]);
  if (artifact.status === 404) return `${noPlan} (the plan.json artifact of job ${job.id} expired or is missing)`;
  const planJson = typeof artifact.body === 'string' ? artifact.body : `${JSON.stringify(artifact.body, null, 2)}\n`;
  return { kind: 'reviewed', planJson, mergeRequestIid: merged.iid, jobId: job.id };
}

/**
 * The newest pipeline that planned `head`: a merge request pipeline runs on it, a merged results pipeline on a
 * commit GitLab made merging it into the target branch (one of whose parents is `head`).
 */
async function newestPipelineOf(api: GitLabApi, base: string, newestFirst: readonly PipelineRef[], head: string): Promise<PipelineRef | undefined> {
  for (const pipeline of newestFirst) {
    if (pipeline.sha === head) return pipeline;
    if (pipeline.ref?.endsWith('/merge') !== true) continue;
    const commit = (await api.get(`${base}/repository/commits/${encodePathSegment(pipeline.sha)}`)).body as { parent_ids?: string[] };
    if (commit.parent_ids?.includes(head) === true) return pipeline;
  }
  return undefined;
}
