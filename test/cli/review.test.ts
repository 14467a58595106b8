import { describe, expect, it, onTestFinished } from 'vitest';
import { runMain, withFiles } from '../support/in-process.js';

const config = `version: 1
provider:
  type: descope
  projectId: P2test
defaults:
  review: {every: 90d}
tenants:
  T1:
    owners: [alice@acme.com]
    groups:
      Engineering:
        reviewedAt: 2026-11-02
        members: [alice@acme.com]
      Finance:
        reviewedAt: 2026-09-01
        members: []
      Fresh:
        reviewedAt: 2026-12-01
        members: []
      Never: {}
`;

async function review(args: string[]): Promise<{ status: number; stdout: string }> {
  const { dir, cleanup } = await withFiles({ 'groupform.yaml': config });
  onTestFinished(cleanup);
  return runMain(['review', ...args], { cwd: dir, env: {} });
}

describe('groupform review', () => {
  it('lists groups due or overdue at a fixed now, with their owners', async () => {
    const result = await review(['--now', '2027-01-20', '--detailed-exitcode']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe(`Access reviews as of 2027-01-20T00:00:00Z:
  ~ tenant T1, group "Engineering": due 2027-01-31T00:00:00Z (reviewed 2026-11-02, every 90d); owners: alice@acme.com
  ! tenant T1, group "Finance": overdue since 2026-11-30T00:00:00Z (reviewed 2026-09-01, every 90d); owners: alice@acme.com
  ! tenant T1, group "Never": never reviewed; owners: alice@acme.com

Recertify with a pull request that sets reviewedAt, approved by an owner.
`);
  });

  it('says so as JSON, and lists nothing once every review is recent', async () => {
    const json = JSON.parse((await review(['--now', '2027-01-20', '--format', 'json'])).stdout);
    expect(json.reviewed).toBe(4);
    expect(json.due.map((d: { group: string; status: string }) => `${d.group} ${d.status}`)).toEqual(['Engineering due', 'Finance overdue', 'Never overdue']);
    const early = await review(['--now', '2026-09-02']);
    expect(early.stdout).toContain('group "Never": never reviewed');
    expect(early.stdout).not.toContain('Finance');
  });
});
