import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { PLAN_COMMENT_MARKER } from '../../../src/ci/comment-body.js';
import { runGitLabStep } from '../../../src/ci/gitlab/steps.js';
import { startFakeGitLab } from '../../support/fake-gitlab.js';
import { repoRoot } from '../../support/cli.js';
import { CONVERGED, E2E_CONFIG, MANAGEMENT_KEY, PROJECT_ID, SCIM_KEYS, afterThisTest, e2eSeed, expectNoSecret, groupsViaSdk, scimWrites, startScenario } from './fixtures.js';

const TOKEN = 'glpat-fake-0123456789abcdef';
const CONFIG = E2E_CONFIG.replace('${T1_SCIM_KEY:-}', '${DESCOPE_SCIM_KEY_T1:-}').replace('${T2_SCIM_KEY:-}', '${DESCOPE_SCIM_KEY_T2:-}');
const [SHA1, SHA2, SHA3, MERGED, MERGE_REF] = ['a1'.repeat(20), 'b2'.repeat(20), 'c3'.repeat(20), 'd4'.repeat(20), 'e5'.repeat(20)];

interface TemplateJob {
  extends?: string;
  variables?: Record<string, string>;
  script: string[];
}

/** A job of templates/groupform.yml as GitLab would run it: inputs interpolated, `extends` variables merged. */
async function templateJob(name: string, inputs: Record<string, string> = {}): Promise<{ script: string; variables: Record<string, string> }> {
  const [spec, jobs] = parseAllDocuments(await readFile(join(repoRoot, 'templates', 'groupform.yml'), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
  const declared = (spec?.spec as { inputs: Record<string, { default: string }> }).inputs;
  const interpolate = (text: string): string =>
    text.replace(/\$\[\[ inputs\.([a-z-]+) \]\]/g, (_, input: string) => {
      if (!(input in declared)) throw new Error(`templates/groupform.yml uses the undeclared input ${input}`);
      return inputs[input] ?? declared[input]!.default;
    });
  const job = jobs?.[name] as TemplateJob;
  const base = job.extends === undefined ? {} : (jobs?.[job.extends] as TemplateJob).variables;
  const variables = Object.fromEntries(Object.entries({ ...base, ...job.variables }).map(([k, v]) => [k, interpolate(String(v))]));
  return { script: job.script.map(interpolate).join('\n'), variables };
}

async function scenario() {
  const { emulator, dir } = await startScenario(e2eSeed(), '');
  const gitlab = await startFakeGitLab(TOKEN);
  afterThisTest(gitlab.close);
  await mkdir(join(dir, 'groupform'));
  await writeFile(join(dir, 'groupform', 'groupform.yaml'), CONFIG);
  // The project as `npm ci` leaves it: groupform (this build) under node_modules, its bin on npx's path.
  await writeFile(join(dir, 'package.json'), '{"name": "identity", "private": true}\n');
  await mkdir(join(dir, 'node_modules', '.bin'), { recursive: true });
  await symlink(repoRoot, join(dir, 'node_modules', 'groupform'));
  await writeFile(join(dir, 'node_modules', '.bin', 'groupform'), '#!/bin/sh\nexec node "$(dirname "$0")/../groupform/dist/src/cli/main.js" "$@"\n');
  await chmod(join(dir, 'node_modules', '.bin', 'groupform'), 0o755);
  const ciEnv = (extra: Record<string, string> = {}) => ({
    CI_API_V4_URL: gitlab.apiUrl,
    CI_PROJECT_ID: '42',
    CI_PIPELINE_URL: 'https://gitlab.example.com/acme/identity/-/pipelines/1',
    GROUPFORM_GITLAB_TOKEN: TOKEN,
    DESCOPE_PROJECT_ID: PROJECT_ID,
    DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY,
    DESCOPE_BASE_URL: emulator.url,
    ...extra,
  });
  /** Runs a template job's script in bash (GitLab's `set -eo pipefail`) in the project directory. */
  async function runJob(name: string, env: Record<string, string>, inputs: Record<string, string> = {}): Promise<{ code: number; out: string }> {
    const job = await templateJob(name, inputs);
    const result = await promisify(execFile)('bash', ['-eo', 'pipefail', '-c', job.script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, npm_config_update_notifier: 'false', ...job.variables, ...env },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stdout + error.stderr }),
    );
    expectNoSecret(result.out);
    return result;
  }
  /** The plan job of one push to merge request !7, kept by the fake as pipeline `pipeline` and job `pipeline + 1000`. */
  async function planJob(sha: string, pipeline: number): Promise<{ code: number; out: string }> {
    const result = await runJob('groupform-plan', ciEnv({ CI_COMMIT_SHA: sha, CI_MERGE_REQUEST_IID: '7', CI_PIPELINE_SOURCE: 'merge_request_event' }));
    const jobId = pipeline + 1000;
    gitlab.pipelines.set(7, [...(gitlab.pipelines.get(7) ?? []), { id: pipeline, sha, ref: 'refs/merge-requests/7/head' }]);
    gitlab.jobs.set(pipeline, [{ id: jobId, name: 'groupform-plan', status: result.code === 0 ? 'success' : 'failed' }]);
    if (result.code === 0) gitlab.artifacts.set(jobId, await readFile(join(dir, 'plan.json'), 'utf8'));
    return result;
  }
  const applyEnv = (extra: Record<string, string> = {}) => ciEnv({ CI_COMMIT_SHA: MERGED, DESCOPE_SCIM_KEY_T1: SCIM_KEYS.T1, DESCOPE_SCIM_KEY_T2: SCIM_KEYS.T2, ...extra });
  return { emulator, dir, gitlab, ciEnv, runJob, planJob, applyEnv };
}

const io = () => {
  const out: string[] = [];
  return { out, io: { stdout: (text: string) => void out.push(text), now: () => new Date('2026-12-07T12:00:00Z') } };
};

describe('the GitLab CI/CD component against a fake GitLab API and the emulator', () => {
  it('keeps ONE merge request note up to date, says so when a push fails, then applies exactly the reviewed plan', async () => {
    const { emulator, dir, gitlab, planJob, runJob, applyEnv } = await scenario();
    const first = await planJob(SHA1, 801);
    expect(first.code, first.out).toBe(0);
    expect(gitlab.notes.get(7)).toHaveLength(1);
    const note = gitlab.notes.get(7)?.[0]?.body ?? '';
    expect(note.startsWith(`${PLAN_COMMENT_MARKER}\n### groupform plan: changes to review\n\nCommit \`${SHA1}\``)).toBe(true);
    expect(note).toContain('Engineering');
    // GitLab's own system notes are never taken for ours.
    gitlab.notes.get(7)?.push({ id: 1, body: `${PLAN_COMMENT_MARKER} quoted in a system note`, system: true });

    await writeFile(join(dir, 'groupform', 'groupform.yaml'), CONFIG.replace('unmanagedGroups: delete', 'unmanagedGroups: sometimes'));
    const broken = await planJob(SHA2, 802);
    expect(broken.code).toBe(1);
    expect(gitlab.notes.get(7)?.filter((n) => !n.system)).toHaveLength(1);
    const failed = gitlab.notes.get(7)?.[0]?.body ?? '';
    expect(failed).toContain('groupform plan FAILED on the latest push');
    expect(failed).toContain(`Commit \`${SHA2}\``);
    expect(failed).toMatch(/groupform\.yaml:\d+:\d+: error INVALID_VALUE/);
    expect(failed).not.toContain('Engineering');

    await writeFile(join(dir, 'groupform', 'groupform.yaml'), CONFIG);
    expect((await planJob(SHA3, 803)).code).toBe(0);
    expect(gitlab.requests.filter((r) => r.startsWith('POST'))).toEqual(['POST /merge_requests/7/notes']);
    expect(gitlab.notes.get(7)?.[0]?.body).toContain(`Commit \`${SHA3}\``);
    const reviewed = gitlab.artifacts.get(1803) ?? '';

    gitlab.mergeRequestsOfCommit.set(MERGED, [{ iid: 7, state: 'merged', sha: SHA3 }]);
    await writeFile(join(dir, 'plan.json'), 'left over from another job');
    const apply = await runJob('groupform-apply', applyEnv());
    expect(apply.code, apply.out).toBe(0);
    expect(apply.out).toContain('Applying the plan reviewed on merge request !7 (job 1803).');
    expect(await readFile(join(dir, 'plan.json'), 'utf8')).toBe(reviewed);
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
    expect((await readFile(join(dir, '.groupform', 'journal.jsonl'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('refuses to apply without a reviewed plan for the merged commit, writing nothing, unless planning afresh is allowed', async () => {
    const { emulator, dir, gitlab, planJob, runJob, applyEnv } = await scenario();
    const direct = await runJob('groupform-apply', applyEnv());
    expect(direct.code).toBe(1);
    expect(direct.out).toContain('error CI_NO_REVIEWED_PLAN: no reviewed plan for commit d4d4');
    expect(direct.out).toContain('it was not merged from a merge request');
    expect(scimWrites(emulator)).toEqual([]);

    expect((await planJob(SHA1, 801)).code).toBe(0);
    const reason = async (): Promise<string> =>
      runGitLabStep('reviewed-plan', [join(dir, 'found.json')], applyEnv(), io().io).then(() => 'found', (error: Error) => error.message);
    // Merged at a later head than any plan ran for.
    gitlab.mergeRequestsOfCommit.set(MERGED, [{ iid: 7, state: 'merged', sha: SHA2 }]);
    expect(await reason()).toMatch(/merge request !7 has no plan for its last commit b2b2.* \(no pipeline ran for it\)/);
    // The newest pipeline for the head failed its plan: the older success does not count.
    gitlab.mergeRequestsOfCommit.set(MERGED, [{ iid: 7, state: 'merged', sha: SHA1 }]);
    gitlab.pipelines.set(7, [...(gitlab.pipelines.get(7) ?? []), { id: 805, sha: SHA1, ref: 'refs/merge-requests/7/head' }]);
    gitlab.jobs.set(805, [{ id: 1805, name: 'groupform-plan', status: 'failed' }]);
    expect(await reason()).toMatch(/its groupform-plan job 1805 is failed/);
    // A merged results pipeline planned a commit whose parent is the head: its plan counts.
    gitlab.pipelines.set(7, [...(gitlab.pipelines.get(7) ?? []), { id: 806, sha: MERGE_REF, ref: 'refs/merge-requests/7/merge' }]);
    gitlab.parentsOf.set(MERGE_REF, ['f6'.repeat(20), SHA1]);
    gitlab.jobs.set(806, [{ id: 1806, name: 'groupform-plan', status: 'success' }]);
    expect(await reason()).toMatch(/the plan\.json artifact of job 1806 expired or is missing/);
    gitlab.artifacts.set(1806, gitlab.artifacts.get(1801) ?? '');
    expect(await reason()).toBe('found');

    gitlab.mergeRequestsOfCommit.clear();
    const fresh = await runJob('groupform-apply', applyEnv(), { 'allow-fresh-plan': 'true' });
    expect(fresh.code, fresh.out).toBe(0);
    expect(fresh.out).toContain('planning afresh, as GROUPFORM_ALLOW_FRESH_PLAN=true allows');
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
  });

  it('drift: a scheduled pipeline opens ONE issue while the live state differs, updates it, and closes it once clean', async () => {
    const { emulator, gitlab, ciEnv, runJob, applyEnv } = await scenario();
    const driftJob = async (sha: string): Promise<string> => {
      const result = await runJob('groupform-drift', ciEnv({ CI_COMMIT_SHA: sha, CI_PIPELINE_SOURCE: 'schedule' }));
      expect(result.code, result.out).toBe(0);
      return result.out;
    };
    expect(await driftJob(SHA1)).toContain('Drift issue #1 opened.');
    expect(await driftJob(SHA2)).toContain('Drift issue #1 updated.');
    expect(gitlab.issues.map((i) => [i.iid, i.state, i.title])).toEqual([[1, 'opened', 'groupform: the live state drifted from the configuration']]);
    expect(gitlab.issues[0]!.description).toMatch(new RegExp(`^<!-- groupform-drift -->\nChecked commit \`${SHA2}\``));
    expect(gitlab.issues[0]!.description).toContain('hank@globex.com');

    gitlab.mergeRequestsOfCommit.clear();
    expect((await runJob('groupform-apply', applyEnv(), { 'allow-fresh-plan': 'true' })).code).toBe(0);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
    expect(await driftJob(SHA3)).toContain('Drift issue #1 closed.');
    expect(gitlab.issues.map((i) => [i.iid, i.state])).toEqual([[1, 'closed']]);
    expect(gitlab.issues[0]!.description).toContain('No drift: the live state matches the configuration');
    expect(await driftJob(MERGED)).toContain('No drift, and no drift issue open.');
    expect(gitlab.issues).toHaveLength(1);
  });
});
