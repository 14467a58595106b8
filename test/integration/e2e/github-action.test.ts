import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PLAN_COMMENT_MARKER } from '../../../src/ci/comment-body.js';
import { planArtifactName } from '../../../src/ci/github/reviewed-plan.js';
import { runStep } from '../../../src/ci/github/steps.js';
import { startFakeGitHub } from '../../support/fake-github.js';
import { repoRoot } from '../../support/cli.js';
import { CONVERGED, E2E_CONFIG, descopeConfig, e2eEnv, MANAGEMENT_KEY, PROJECT_ID, SCIM_KEYS, afterThisTest, e2eSeed, groupform, groupsViaSdk, startScenario } from './fixtures.js';

const TOKEN = 'ghs_fake_token_0123456789';
const REPO = 'acme/identity';
const CONFIG = E2E_CONFIG.replace('${T1_SCIM_KEY:-}', '${DESCOPE_SCIM_KEY_T1:-}').replace('${T2_SCIM_KEY:-}', '${DESCOPE_SCIM_KEY_T2:-}');
const [SHA1, SHA2, SHA3, MERGED] = ['a1'.repeat(20), 'b2'.repeat(20), 'c3'.repeat(20), 'd4'.repeat(20)];
const io = () => {
  const out: string[] = [];
  return { out, io: { stdout: (text: string) => void out.push(text), now: () => new Date('2026-12-07T12:00:00Z') } };
};

async function scenario(config = CONFIG) {
  const { emulator, dir } = await startScenario(e2eSeed(), config);
  const github = await startFakeGitHub(TOKEN);
  afterThisTest(github.close);
  const runner = join(dir, 'runner');
  await mkdir(runner);
  const files = { event: join(runner, 'event.json'), summary: join(runner, 'summary.md'), output: join(runner, 'output'), env: join(runner, 'env') };
  const stepEnv = (extra: Record<string, string> = {}) => ({
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: REPO,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    ...extra,
  });
  const readOnlyEnv = { DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY, DESCOPE_BASE_URL: emulator.url };
  /** The plan job of action.yml for one push to pull request #7: validate, plan, comment, keep plan.json. */
  async function planJob(sha: string, expectedExit = 2): Promise<void> {
    await writeFile(files.event, JSON.stringify({ pull_request: { number: 7, head: { sha } } }));
    expect((await groupform(['validate', '.'], dir, readOnlyEnv)).status).toBe(0);
    const plan = await groupform(['plan', '.', '--format', 'markdown', '--out', 'plan.json', '--detailed-exitcode'], dir, readOnlyEnv);
    expect(plan.status, plan.stderr).toBe(expectedExit);
    await writeFile(join(dir, 'plan.md'), plan.stdout);
    await runStep('comment', ['changes', join(dir, 'plan.md')], stepEnv(), io().io);
    github.artifacts.push({ name: planArtifactName(sha), expired: false, created_at: '2026-12-07T12:00:00Z', workflow_run: { id: 4242 } });
  }
  return { emulator, dir, github, files, stepEnv, planJob };
}

describe('the GitHub Action against a fake GitHub API and the emulator', () => {
  it('takes a fresh repository from import through the first pull request comment to the merged apply', async () => {
    const { emulator, dir, github, stepEnv, planJob } = await scenario(descopeConfig('').replace(/tenants:\n$/, ''));
    const imported = await groupform(['import', 'groupform.yaml', '--tenant', 'T2', '--out', 'tenants/'], dir, e2eEnv(emulator.url));
    expect(imported.status, imported.stderr).toBe(0);
    const tenantFile = join(dir, 'tenants', 'T2.yaml');
    const importedText = await readFile(tenantFile, 'utf8');
    expect(importedText).toContain('scimKey: ${DESCOPE_SCIM_KEY_T2:-}');

    // The first pull request adds hank to Support.
    await writeFile(tenantFile, importedText.replace('          - gina@globex.com\n', '          - gina@globex.com\n          - hank@globex.com\n'));
    await planJob(SHA1);
    const comment = github.comments.get(7)?.[0]?.body ?? '';
    expect(comment).toContain('hank@globex.com');
    expect(comment).toContain(`Commit \`${SHA1}\``);

    github.pullsOfCommit.set(MERGED, [{ number: 7, merged_at: '2026-12-07T12:30:00Z', head: { sha: SHA1 } }]);
    await runStep('reviewed-plan', [], stepEnv({ GITHUB_SHA: MERGED }), io().io);
    await runStep('scim-env', [], stepEnv({ SCIM_KEYS: JSON.stringify({ T2: SCIM_KEYS.T2 }) }), io().io);
    const exported = Object.fromEntries((await readFile(stepEnv().GITHUB_ENV, 'utf8')).trim().split('\n').map((line) => line.split('=') as [string, string]));
    await mkdir(join(dir, '.groupform'));
    const env = { DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY, DESCOPE_BASE_URL: emulator.url, ...exported };
    const apply = await groupform(['apply', '.', '--plan', 'plan.json', '--auto-approve', '--journal', '.groupform/journal.jsonl'], dir, env);
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
    expect((await groupform(['plan', '.', '--detailed-exitcode'], dir, env)).status).toBe(0);
  });

  it('comments once and updates it, shows a failed push plainly, then applies exactly the reviewed plan on merge', async () => {
    const { emulator, dir, github, files, stepEnv, planJob } = await scenario();

    await planJob(SHA1);
    expect(github.comments.get(7)).toHaveLength(1);
    const first = github.comments.get(7)?.[0]?.body ?? '';
    expect(first.startsWith(`${PLAN_COMMENT_MARKER}\n### groupform plan: changes to review`)).toBe(true);
    expect(first).toContain(`Commit \`${SHA1}\` at 2026-12-07T12:00:00Z`);
    expect(first).toContain('Engineering');

    // The next push breaks validation: the same comment now says so instead of showing the old plan.
    await writeFile(join(dir, 'groupform.yaml'), CONFIG.replace('unmanagedGroups: delete', 'unmanagedGroups: sometimes'));
    const broken = await groupform(['validate', '.'], dir, {});
    expect(broken.status).toBe(1);
    await writeFile(join(dir, 'validate.txt'), broken.stderr);
    await writeFile(files.event, JSON.stringify({ pull_request: { number: 7, head: { sha: SHA2 } } }));
    await runStep('comment', ['failed', join(dir, 'validate.txt')], stepEnv(), io().io);
    expect(github.comments.get(7)).toHaveLength(1);
    const failed = github.comments.get(7)?.[0]?.body ?? '';
    expect(failed).toContain('groupform plan FAILED on the latest push');
    expect(failed).toContain(`Commit \`${SHA2}\``);
    expect(failed).not.toContain('changes to review');
    const annotate = io();
    await runStep('annotate', [join(dir, 'validate.txt')], stepEnv(), annotate.io);
    expect(annotate.out.join('')).toMatch(/^::error file=groupform\.yaml,line=\d+,col=\d+,title=[A-Z_]+::/m);

    // Fixed again, planned, and merged: apply finds that last plan and performs it.
    await writeFile(join(dir, 'groupform.yaml'), CONFIG);
    await planJob(SHA3);
    expect(github.comments.get(7)).toHaveLength(1);
    expect(github.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);
    expect(await readFile(files.summary, 'utf8')).toContain(`Commit \`${SHA3}\``);

    github.pullsOfCommit.set(MERGED, [{ number: 7, merged_at: '2026-12-07T12:30:00Z', head: { sha: SHA3 } }]);
    await runStep('reviewed-plan', [], stepEnv({ GITHUB_SHA: MERGED }), io().io);
    expect(await readFile(files.output, 'utf8')).toBe(`source=reviewed\nrun-id=4242\nartifact-name=${planArtifactName(SHA3)}\n`);

    const masks = io();
    await runStep('scim-env', [], stepEnv({ SCIM_KEYS: JSON.stringify(SCIM_KEYS) }), masks.io);
    expect(masks.out).toEqual([`::add-mask::${SCIM_KEYS.T1}\n`, `::add-mask::${SCIM_KEYS.T2}\n`]);
    const exported = Object.fromEntries((await readFile(files.env, 'utf8')).trim().split('\n').map((line) => line.split('=') as [string, string]));
    expect(Object.keys(exported)).toEqual(['DESCOPE_SCIM_KEY_T1', 'DESCOPE_SCIM_KEY_T2']);

    await mkdir(join(dir, '.groupform')); // as action.yml does before apply
    const apply = await groupform(['apply', '--plan', 'plan.json', '--journal', '.groupform/journal.jsonl', '--auto-approve'], dir, {
      DESCOPE_PROJECT_ID: PROJECT_ID,
      DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY,
      DESCOPE_BASE_URL: emulator.url,
      ...exported,
    });
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    expect(await groupsViaSdk(emulator.url, 'T1')).toEqual(CONVERGED.T1);
    expect(await groupsViaSdk(emulator.url, 'T2')).toEqual(CONVERGED.T2);
    expect((await readFile(join(dir, '.groupform', 'journal.jsonl'), 'utf8')).length).toBeGreaterThan(0);
  });

  it('refuses to apply without a reviewed plan for the merged commit unless planning afresh is allowed', async () => {
    const { files, github, stepEnv, planJob } = await scenario();
    await planJob(SHA1);
    const refusals: [string, string, RegExp][] = [
      ['direct push', MERGED, /it was not merged from a pull request/],
      ['plan of an earlier push only', SHA2, /pull request #7 has no plan for its last commit c3c3/],
    ];
    github.pullsOfCommit.set(SHA2, [{ number: 7, merged_at: '2026-12-07T12:30:00Z', head: { sha: SHA3 } }]);
    for (const [, sha, reason] of refusals) {
      await expect(runStep('reviewed-plan', [], stepEnv({ GITHUB_SHA: sha }), io().io)).rejects.toThrow(reason);
    }
    // An expired artifact counts as none.
    github.pullsOfCommit.set(MERGED, [{ number: 7, merged_at: '2026-12-07T12:30:00Z', head: { sha: SHA1 } }]);
    for (const artifact of github.artifacts) artifact.expired = true;
    await expect(runStep('reviewed-plan', [], stepEnv({ GITHUB_SHA: MERGED }), io().io)).rejects.toThrow(/CI_NO_REVIEWED_PLAN|no reviewed plan for commit/);

    // The built step as action.yml runs it: exit 1, an error annotation, nothing in the step outputs.
    const run = await promisify(execFile)(process.execPath, [join(repoRoot, 'dist/src/ci/github/main.js'), 'reviewed-plan'], { env: stepEnv({ GITHUB_SHA: MERGED }) }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error title=CI_NO_REVIEWED_PLAN::no reviewed plan for commit d4d4.*Nothing was applied/m);
    await expect(readFile(files.output, 'utf8')).rejects.toThrow(/ENOENT/);

    await runStep('reviewed-plan', ['--allow-fresh-plan'], stepEnv({ GITHUB_SHA: MERGED }), io().io);
    expect(await readFile(files.output, 'utf8')).toBe('source=fresh\n');
  });

  it('drift: opens ONE issue when the live state drifted, updates it on the next run, closes it once clean', async () => {
    const { emulator, dir, github, stepEnv } = await scenario();
    const readOnlyEnv = { DESCOPE_PROJECT_ID: PROJECT_ID, DESCOPE_MANAGEMENT_KEY: MANAGEMENT_KEY, DESCOPE_BASE_URL: emulator.url };
    /** The drift mode of action.yml: plan everything, then the drift step over its markdown and JSON. */
    async function driftJob(sha: string): Promise<string> {
      const plan = await groupform(['plan', '.', '--format', 'markdown', '--out', 'plan.json', '--detailed-exitcode'], dir, readOnlyEnv);
      expect([0, 2]).toContain(plan.status);
      await writeFile(join(dir, 'plan.md'), plan.stdout);
      const { out, io: stepIo } = io();
      await runStep('drift', [join(dir, 'plan.md'), join(dir, 'plan.json')], stepEnv({ GITHUB_SHA: sha }), stepIo);
      return out.join('');
    }
    // A pull request is in the issue list too, even one quoting the marker: it is never taken for the drift issue.
    github.issues.push({ number: 1, title: 'a pull request', body: '<!-- groupform-drift -->', state: 'open', pull_request: { url: 'x' } });

    expect(await driftJob(SHA1)).toBe('Drift issue #100 opened.\n');
    expect(await driftJob(SHA2)).toBe('Drift issue #100 updated.\n');
    const ours = github.issues.filter((i) => i.pull_request === undefined);
    expect(ours.map((i) => [i.number, i.state, i.title])).toEqual([[100, 'open', 'groupform: the live state drifted from the configuration']]);
    expect(ours[0]!.body).toMatch(new RegExp(`^<!-- groupform-drift -->\nChecked commit \`${SHA2}\` at 2026-12-07T12:00:00Z\\.\n`));
    expect(ours[0]!.body).toContain('hank@globex.com');

    const apply = await groupform(['apply', '.', '--auto-approve'], dir, e2eEnv(emulator.url, { DESCOPE_SCIM_KEY_T1: SCIM_KEYS.T1, DESCOPE_SCIM_KEY_T2: SCIM_KEYS.T2 }));
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    expect(await driftJob(SHA3)).toBe('Drift issue #100 closed.\n');
    expect(ours.map((i) => [i.number, i.state, i.state_reason])).toEqual([[100, 'closed', 'completed']]);
    expect(ours[0]!.body).toContain('No drift: the live state matches the configuration');
    // Clean again: nothing to open, nothing to close.
    expect(await driftJob(MERGED)).toBe('No drift, and no drift issue open.\n');
    expect(github.issues).toHaveLength(2);
    expect(await readFile(stepEnv().GITHUB_STEP_SUMMARY, 'utf8')).toContain('<!-- groupform-drift -->');
  });
});
