import { onTestFinished, describe, expect, it } from 'vitest';
import { runMain, withFiles } from '../support/in-process.js';

// A plan with a grant (carol joins Engineering) and a self-removal (bob leaves Engineering and Helpers),
// planned against a snapshot: no network.
const config = `version: 1
provider:
  type: descope
  projectId: P2test
  managementKey: \${MK:-}
defaults:
  owners: ["@acme/security"]
tenants:
  T1:
    groups:
      Engineering:
        owners: [alice@acme.com, "@acme/platform"]
        members:
          - alice@acme.com
          - carol@acme.com
      Helpers:
        members: []
`;
const snapshot = `projectId: P2test
tenants:
  T1:
    users:
      - {userId: U1, loginId: alice@acme.com}
      - {userId: U2, loginId: bob@acme.com}
      - {userId: U3, loginId: carol@acme.com}
    groups:
      - {id: g1, display: Engineering, members: [U1, U2]}
      - {id: g2, display: Helpers, members: [U2]}
`;

async function planned(): Promise<string> {
  const { dir, cleanup } = await withFiles({ 'groupform.yaml': config, 'snapshot.yaml': snapshot });
  onTestFinished(cleanup);
  const plan = await runMain(['plan', '--live-state', 'snapshot.yaml', '--out', 'plan.json'], { cwd: dir, env: {} });
  expect(plan.status, plan.stderr).toBe(0);
  return dir;
}

describe('groupform approvers', () => {
  it('a grant needs one of the group owners; the author removing only themself needs no one (text)', async () => {
    const dir = await planned();
    const result = await runMain(['approvers', '--plan', 'plan.json', '--author', 'BOB@acme.com'], { cwd: dir, env: {} });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.replace(/plan [0-9a-f]{12}/, 'plan ID')).toBe(`Approvals for plan ID (any one listed owner approves a side):
tenant T1, group "Engineering" (update)
  grants (1 member: carol@acme.com): needs one of @acme/platform, alice@acme.com
  revocations (1 member: bob@acme.com): no approval needed (the author removes only themself)
tenant T1, group "Helpers" (update)
  revocations (1 member: bob@acme.com): no approval needed (the author removes only themself)
`);
  });

  it('says the same as JSON, and removing someone else needs an owner (inherited from defaults)', async () => {
    const dir = await planned();
    const self = JSON.parse((await runMain(['approvers', '--plan', 'plan.json', '--format', 'json', '--author', 'U2'], { cwd: dir, env: {} })).stdout);
    expect(self.groups.map((g: any) => [g.group, g.grants.approvers, g.revocations.approvers, g.revocations.exempt ?? null])).toEqual([
      ['Engineering', ['@acme/platform', 'alice@acme.com'], [], 'self-removal'],
      ['Helpers', [], [], 'self-removal'],
    ]);
    const other = JSON.parse((await runMain(['approvers', '--plan', 'plan.json', '--format', 'json', '--author', 'alice@acme.com'], { cwd: dir, env: {} })).stdout);
    expect(other.groups.map((g: any) => [g.group, g.revocations.approvers])).toEqual([
      ['Engineering', ['@acme/platform', 'alice@acme.com']],
      ['Helpers', ['@acme/security']],
    ]);
    expect(other.groups[0].grants.members).toEqual([{ userId: 'U3', loginId: 'carol@acme.com' }]);
  });

  it('writes CODEOWNERS lines for the files whose groups need approval', async () => {
    const dir = await planned();
    const result = await runMain(['approvers', '--plan', 'plan.json', '--format', 'codeowners'], { cwd: dir, env: {} });
    expect(result.stdout).toBe('# groupform approvers: owners who must approve this plan, per config file\n/groupform.yaml @acme/platform @acme/security alice@acme.com\n');
  });

  it('refuses a plan made from another configuration', async () => {
    const dir = await planned();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${dir}/groupform.yaml`, config.replace('carol@acme.com', 'carol@acme.com\n          - bob@acme.com'));
    const result = await runMain(['approvers', '--plan', 'plan.json'], { cwd: dir, env: {} });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PLAN_CONFIG_CHANGED');
  });
});
