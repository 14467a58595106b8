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

describe('groupform approvers over sets and templates', () => {
  // Two tenants take Support from a template in one file; its members come from a set in another.
  const main = `version: 1
provider:
  type: descope
  projectId: P2test
  managementKey: \${MK:-}
tenants:
  T1: {use: [standard]}
  T2:
    use: [standard]
    owners: ["@t2/admins"]
`;
  const sets = `sets:
  support: [alice@acme.com, carol@acme.com]
`;
  const shared = `templates:
  standard:
    owners: ["@msp/support-leads"]
    groups:
      Support: {members: [{set: support}]}
`;
  const tenantSnapshot = `    users:
      - {userId: U1, loginId: alice@acme.com}
      - {userId: U3, loginId: carol@acme.com}
    groups:
      - {id: g1, display: Support, members: [U1]}
`;
  const snapshot = `projectId: P2test\ntenants:\n  T1:\n${tenantSnapshot}  T2:\n${tenantSnapshot}`;

  it("asks each tenant's owners, and CODEOWNERS covers the set's file", async () => {
    const { dir, cleanup } = await withFiles({ 'groupform.yaml': main, 'shared.yaml': shared, 'sets.yaml': sets, 'snapshot.yaml': snapshot });
    onTestFinished(cleanup);
    const plan = await runMain(['plan', 'groupform.yaml', 'shared.yaml', 'sets.yaml', '--live-state', 'snapshot.yaml', '--out', 'plan.json'], { cwd: dir, env: {} });
    expect(plan.status, plan.stderr).toBe(0);
    const json = JSON.parse((await runMain(['approvers', 'groupform.yaml', 'shared.yaml', 'sets.yaml', '--plan', 'plan.json', '--format', 'json'], { cwd: dir, env: {} })).stdout);
    expect(json.groups.map((g: any) => [g.tenant, g.group, g.grants.members.map((m: any) => m.loginId), g.grants.approvers, g.files])).toEqual([
      ['T1', 'Support', ['carol@acme.com'], ['@msp/support-leads'], ['sets.yaml', 'shared.yaml']],
      ['T2', 'Support', ['carol@acme.com'], ['@t2/admins'], ['sets.yaml', 'shared.yaml']],
    ]);
    const codeowners = await runMain(['approvers', 'groupform.yaml', 'shared.yaml', 'sets.yaml', '--plan', 'plan.json', '--format', 'codeowners'], { cwd: dir, env: {} });
    expect(codeowners.stdout).toBe('# groupform approvers: owners who must approve this plan, per config file\n/sets.yaml @msp/support-leads @t2/admins\n/shared.yaml @msp/support-leads @t2/admins\n');
  });
});
