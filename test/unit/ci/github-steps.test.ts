import { describe, expect, it } from 'vitest';
import { diagnosticsToAnnotations } from '../../../src/ci/github/annotations.js';
import { PLAN_COMMENT_MARKER, planCommentBody } from '../../../src/ci/comment-body.js';
import { scimKeyEnv } from '../../../src/ci/github/scim-keys.js';
import { showsDrift } from '../../../src/ci/drift-report.js';
import type { GroupChange } from '../../../src/model/types.js';
import { planOf, tenantOf } from '../render/plans.js';

describe('GitHub Action pieces', () => {
  it('turns diagnostic lines into annotations on the file and line, escaping what GitHub would misread', () => {
    const output = [
      'groupform: the configuration has errors',
      'groupform/acme.yaml:12:5: error UNKNOWN_KEY: unknown key "membrs", did you mean members?',
      'a,b:c.yaml:3:1: warning STALE: 100% stale',
    ].join('\n');
    expect(diagnosticsToAnnotations(output)).toEqual([
      '::error file=groupform/acme.yaml,line=12,col=5,title=UNKNOWN_KEY::unknown key "membrs", did you mean members?',
      '::warning file=a%2Cb%3Ac.yaml,line=3,col=1,title=STALE::100%25 stale',
    ]);
  });

  it('writes a comment with the marker, commit and time, and a failed run replaces the plan plainly', () => {
    const time = new Date('2026-12-07T10:00:00.123Z');
    const ok = planCommentBody({ sha: 'abc123', time, outcome: 'changes', text: '## Plan\n+ group X\n' });
    expect(ok).toBe(`${PLAN_COMMENT_MARKER}\n### groupform plan: changes to review\n\nCommit \`abc123\` at 2026-12-07T10:00:00Z.\n\n## Plan\n+ group X\n`);
    const failed = planCommentBody({ sha: 'def456', time, outcome: 'failed', text: 'error X: ```bad```', runUrl: 'https://github.com/o/r/actions/runs/9' });
    expect(failed).toContain('groupform plan FAILED on the latest push');
    expect(failed).toContain('Commit `def456` at 2026-12-07T10:00:00Z ([run](https://github.com/o/r/actions/runs/9)).');
    expect(failed).toContain("```text\nerror X: '''bad'''\n```");
  });

  it('maps one JSON secret to a SCIM key variable per tenant and never echoes a value in its errors', () => {
    const env = [...scimKeyEnv('{"T2acme": "k1", "T2": "k2", "acme-eu": "k3"}')];
    expect(env.slice(0, 2)).toEqual([
      ['DESCOPE_SCIM_KEY_T2acme', 'k1'],
      ['DESCOPE_SCIM_KEY_T2', 'k2'],
    ]);
    // An id a variable name cannot hold gets the same name `groupform import` wrote into its placeholder.
    expect(env[2]?.[0]).toMatch(/^DESCOPE_SCIM_KEY_acme_eu_[0-9a-z]+$/);
    expect([...scimKeyEnv('')]).toEqual([]);
    expect(() => scimKeyEnv('{"T1": "secret-value"')).toThrow(/not valid JSON/);
    expect(() => scimKeyEnv('{"T1": "secret-value"')).not.toThrow(/secret-value/);
    expect(() => scimKeyEnv('{"T1": "a\\nEVIL=1"}')).toThrow(/one-line string/);
    expect(() => scimKeyEnv('["k"]')).toThrow(/JSON object/);
  });

  it('counts as drift every change but the removal of expired memberships', () => {
    const update = (change: Partial<Extract<GroupChange, { action: 'update' }>>): GroupChange => ({
      action: 'update', group: 'Eng', groupId: 'g1', membersMode: 'authoritative', add: [], remove: [], ...change,
    });
    const drift = (...changes: GroupChange[]) => showsDrift(planOf([tenantOf('T1', changes)]));
    expect(drift()).toBe(false);
    expect(drift(update({ remove: [{ userId: 'U1', expired: '2026-12-01' }] }))).toBe(false);
    expect(drift(update({ remove: [{ userId: 'U1', expired: '2026-12-01' }, { userId: 'U2' }] }))).toBe(true);
    expect(drift(update({ add: [{ userId: 'U3' }] }))).toBe(true);
    expect(drift(update({ renameFrom: 'Engineering' }))).toBe(true);
    expect(drift({ action: 'delete', group: 'Old', groupId: 'g2', add: [], remove: [] })).toBe(true);
    expect(drift({ action: 'create', group: 'New', externalId: null, membersMode: 'authoritative', add: [], remove: [] })).toBe(true);
  });
});
