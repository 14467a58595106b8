import { readFile, writeFile } from 'node:fs/promises';
import { need, type Env, type StepIo } from '../step-env.js';
import { GroupformError } from '../../errors.js';
import { proxyFromEnv } from '../../http/index.js';
import { planCommentBody, type PlanOutcome } from '../comment-body.js';
import { gitLabApi, type GitLabApi } from './api.js';
import { upsertPlanNote } from './plan-note.js';
import { findReviewedPlanOnGitLab } from './reviewed-plan.js';
import { gitLabIssues } from './drift-issue.js';
import { describeDriftAction, reportDrift, showsDrift } from '../drift-report.js';
import type { Plan } from '../../model/types.js';

const OUTCOMES: readonly PlanOutcome[] = ['no-changes', 'changes', 'blocked', 'failed'];
const DEFAULT_PLAN_JOB = 'groupform-plan';

/** One step of templates/groupform.yml; each reads GitLab's predefined variables and writes the job's files. */
export async function runGitLabStep(step: string, args: readonly string[], env: Env, io: StepIo): Promise<void> {
  switch (step) {
    case 'note':
      return note(outcomeOf(args[0]), need(args[1], 'text file'), env, io);
    case 'reviewed-plan':
      return reviewedPlan(need(args[0], 'the file to write the plan to'), env, io);
    case 'drift':
      return drift(need(args[0], 'markdown plan'), need(args[1], 'JSON plan'), env, io);
    default:
      throw new GroupformError('CI_STEP_INPUT', `unknown component step ${JSON.stringify(step)}`);
  }
}

async function note(outcome: PlanOutcome, textFile: string, env: Env, io: StepIo): Promise<void> {
  const body = planCommentBody({
    sha: need(env.CI_COMMIT_SHA, 'CI_COMMIT_SHA'),
    time: io.now(),
    outcome,
    text: await readFile(textFile, 'utf8'),
    ...(env.CI_PIPELINE_URL ? { runUrl: env.CI_PIPELINE_URL } : {}),
  });
  const iid = Number(need(env.CI_MERGE_REQUEST_IID, 'CI_MERGE_REQUEST_IID (a merge request pipeline)'));
  const done = await withApi(env, (api) => upsertPlanNote(api, need(env.CI_PROJECT_ID, 'CI_PROJECT_ID'), iid, body));
  io.stdout(`Plan note ${done} on merge request !${iid}\n`);
}

async function drift(markdownFile: string, planFile: string, env: Env, io: StepIo): Promise<void> {
  const plan = JSON.parse(await readFile(planFile, 'utf8')) as Plan;
  const report = {
    drifted: showsDrift(plan),
    sha: need(env.CI_COMMIT_SHA, 'CI_COMMIT_SHA'),
    time: io.now(),
    planMarkdown: await readFile(markdownFile, 'utf8'),
    ...(env.CI_PIPELINE_URL ? { runUrl: env.CI_PIPELINE_URL } : {}),
  };
  const done = await withApi(env, (api) => reportDrift(gitLabIssues(api, need(env.CI_PROJECT_ID, 'CI_PROJECT_ID')), report));
  io.stdout(describeDriftAction(done, (iid) => `#${iid}`));
}

async function reviewedPlan(outFile: string, env: Env, io: StepIo): Promise<void> {
  const source = await withApi(env, (api) =>
    findReviewedPlanOnGitLab(
      api,
      need(env.CI_PROJECT_ID, 'CI_PROJECT_ID'),
      need(env.CI_COMMIT_SHA, 'CI_COMMIT_SHA'),
      env.GROUPFORM_PLAN_JOB || DEFAULT_PLAN_JOB,
      env.GROUPFORM_ALLOW_FRESH_PLAN === 'true',
    ),
  );
  if (source.kind === 'fresh') {
    io.stdout(`No reviewed plan (${source.reason}); planning afresh, as GROUPFORM_ALLOW_FRESH_PLAN=true allows.\n`);
    return;
  }
  await writeFile(outFile, source.planJson);
  io.stdout(`Applying the plan reviewed on merge request !${source.mergeRequestIid} (job ${source.jobId}).\n`);
}

function outcomeOf(value: string | undefined): PlanOutcome {
  const outcome = OUTCOMES.find((o) => o === value);
  if (outcome === undefined) throw new GroupformError('CI_STEP_INPUT', `the note step needs an outcome: ${OUTCOMES.join(', ')}`);
  return outcome;
}

/** The job's API, token and proxy settings, closed when the work is done. */
async function withApi<T>(env: Env, work: (api: GitLabApi) => Promise<T>): Promise<T> {
  const api = gitLabApi(need(env.CI_API_V4_URL, 'CI_API_V4_URL'), need(env.GROUPFORM_GITLAB_TOKEN, 'GROUPFORM_GITLAB_TOKEN (a project access token, scope api)'), proxyFromEnv(env));
  try {
    return await work(api);
  } finally {
    await api.close();
  }
}
