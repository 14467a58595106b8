import { appendFile, readFile } from 'node:fs/promises';
import { need, type Env, type StepIo } from '../step-env.js';
import { GroupformError } from '../../errors.js';
import { diagnosticsToAnnotations } from './annotations.js';
import { proxyFromEnv } from '../../http/index.js';
import { gitHubApi, type GitHubApi } from './api.js';
import { planCommentBody, type PlanOutcome } from '../comment-body.js';
import { upsertPlanComment } from './plan-comment.js';
import { findReviewedPlan } from './reviewed-plan.js';
import { describeDriftAction, driftIssueBody, reportDrift, showsDrift } from '../drift-report.js';
import { gitHubIssues } from './drift-issue.js';
import type { Plan } from '../../model/types.js';
import { scimKeyEnv } from './scim-keys.js';

/** One step of action.yml; each reads the runner's environment and writes the runner's files. */
export async function runStep(step: string, args: readonly string[], env: Env, io: StepIo): Promise<void> {
  switch (step) {
    case 'annotate':
      for (const command of diagnosticsToAnnotations(await readFile(need(args[0], 'output file'), 'utf8'))) io.stdout(`${command}\n`);
      return;
    case 'comment':
      return comment(need(args[0], 'outcome') as PlanOutcome, need(args[1], 'text file'), env, io);
    case 'reviewed-plan':
      return reviewedPlan(args.includes('--allow-fresh-plan'), env);
    case 'scim-env':
      return scimEnv(env, io);
    case 'drift':
      return drift(need(args[0], 'markdown plan'), need(args[1], 'JSON plan'), env, io);
    default:
      throw new GroupformError('CI_STEP_INPUT', `unknown action step ${JSON.stringify(step)}`);
  }
}

async function comment(outcome: PlanOutcome, textFile: string, env: Env, io: StepIo): Promise<void> {
  const event = JSON.parse(await readFile(need(env.GITHUB_EVENT_PATH, 'GITHUB_EVENT_PATH'), 'utf8')) as { pull_request?: { number: number; head: { sha: string } } };
  const pull = event.pull_request;
  const sha = pull?.head.sha ?? need(env.GITHUB_SHA, 'GITHUB_SHA');
  const body = planCommentBody({ sha, time: io.now(), outcome, text: await readFile(textFile, 'utf8'), ...runUrlOf(env) });
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, body);
  if (pull === undefined) return;
  const done = await withApi(env, (api) => upsertPlanComment(api, need(env.GITHUB_REPOSITORY, 'GITHUB_REPOSITORY'), pull.number, body));
  io.stdout(`Plan comment ${done} on pull request #${pull.number}\n`);
}

async function drift(markdownFile: string, planFile: string, env: Env, io: StepIo): Promise<void> {
  const plan = JSON.parse(await readFile(planFile, 'utf8')) as Plan;
  const report = { drifted: showsDrift(plan), sha: need(env.GITHUB_SHA, 'GITHUB_SHA'), time: io.now(), planMarkdown: await readFile(markdownFile, 'utf8'), ...runUrlOf(env) };
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, driftIssueBody(report));
  const done = await withApi(env, (api) => reportDrift(gitHubIssues(api, need(env.GITHUB_REPOSITORY, 'GITHUB_REPOSITORY')), report));
  io.stdout(describeDriftAction(done, (issue) => `#${issue}`));
}

async function reviewedPlan(allowFreshPlan: boolean, env: Env): Promise<void> {
  const source = await withApi(env, (api) => findReviewedPlan(api, need(env.GITHUB_REPOSITORY, 'GITHUB_REPOSITORY'), need(env.GITHUB_SHA, 'GITHUB_SHA'), allowFreshPlan));
  const outputs =
    source.kind === 'reviewed'
      ? `source=reviewed\nrun-id=${source.runId}\nartifact-name=${source.artifactName}\n`
      : `source=fresh\n`;
  await appendFile(need(env.GITHUB_OUTPUT, 'GITHUB_OUTPUT'), outputs);
}

async function scimEnv(env: Env, io: StepIo): Promise<void> {
  const lines: string[] = [];
  for (const [name, key] of scimKeyEnv(env.SCIM_KEYS ?? '')) {
    if (key !== '') io.stdout(`::add-mask::${key}\n`);
    lines.push(`${name}=${key}\n`);
  }
  if (lines.length > 0) await appendFile(need(env.GITHUB_ENV, 'GITHUB_ENV'), lines.join(''));
}

/** The runner's API, token and proxy settings, closed when the work is done. */
async function withApi<T>(env: Env, work: (api: GitHubApi) => Promise<T>): Promise<T> {
  const api = gitHubApi(env.GITHUB_API_URL ?? 'https://api.github.com', need(env.GITHUB_TOKEN, 'GITHUB_TOKEN'), proxyFromEnv(env));
  try {
    return await work(api);
  } finally {
    await api.close();
  }
}

function runUrlOf(env: Env): { runUrl?: string } {
  return env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID ? { runUrl: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` } : {};
}
