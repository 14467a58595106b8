import { GroupformError } from '../../errors.js';
import { encodePathSegment } from '../../http/index.js';
import { repoPath, type GitHubApi } from './api.js';

/** The artifact name under which the plan job keeps plan.json for one commit of a pull request. */
export function planArtifactName(headSha: string): string {
  return `groupform-plan-${headSha}`;
}

export type ApplySource = { kind: 'reviewed'; runId: number; artifactName: string; pullNumber: number } | { kind: 'fresh'; reason: string };

interface PullRef {
  number: number;
  merged_at?: string | null;
  head: { sha: string };
}
interface Artifact {
  name: string;
  expired: boolean;
  created_at?: string;
  workflow_run?: { id: number; head_sha?: string } | null;
}

/**
 * Finds the plan reviewed on the pull request that produced the merged commit: the plan of that pull request's
 * last head commit. Without one the apply refuses, unless planning afresh was explicitly allowed.
 */
export async function findReviewedPlan(api: GitHubApi, repo: string, mergedSha: string, allowFreshPlan: boolean): Promise<ApplySource> {
  const reason = await missingReason(api, repo, mergedSha);
  if (typeof reason !== 'string') return reason;
  if (allowFreshPlan) return { kind: 'fresh', reason };
  throw new GroupformError(
    'CI_NO_REVIEWED_PLAN',
    `no reviewed plan for commit ${mergedSha}: ${reason}. Nothing was applied. Review a plan on a pull request, or run the action with allow-fresh-plan: true to plan and apply afresh.`,
  );
}

async function missingReason(api: GitHubApi, repo: string, mergedSha: string): Promise<ApplySource | string> {
  const pulls = (await api.get(`${repoPath(repo)}/commits/${encodePathSegment(mergedSha)}/pulls`)) as PullRef[];
  const pull = pulls.find((p) => p.merged_at != null);
  if (pull === undefined) return 'it was not merged from a pull request (direct push or manual run)';
  const name = planArtifactName(pull.head.sha);
  const listing = (await api.get(`${repoPath(repo)}/actions/artifacts`, { name, per_page: 100 })) as { artifacts: Artifact[] };
  const usable = listing.artifacts
    .filter((a) => a.name === name && !a.expired && a.workflow_run != null)
    .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
  const newest = usable[0];
  if (newest?.workflow_run == null) {
    return `pull request #${pull.number} has no plan for its last commit ${pull.head.sha} (the plan failed or was cancelled, or its artifact expired)`;
  }
  return { kind: 'reviewed', runId: newest.workflow_run.id, artifactName: name, pullNumber: pull.number };
}
