import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src/config/snapshot.js';
import { withFiles } from '../../support/in-process.js';
import { withProxy, type Answer } from '../../support/proxy.js';
import { afterThisTest, e2eEnv, groupform, MANAGEMENT_KEY, PROJECT_ID, SCIM_KEYS, startScenario } from './fixtures.js';

// Two applies with `writeMode: put`, each adding a different member to one group: a PUT replaces every member,
// so the second must not drop the first's addition silently.

function seed(): Snapshot {
  const users = ['U1', 'U2', 'U3'].map((userId, i) => ({ userId, loginId: `${['alice', 'bob', 'carol'][i]}@acme.com` }));
  return { projectId: PROJECT_ID, managementKey: MANAGEMENT_KEY, tenants: { T1: { scimKey: SCIM_KEYS.T1, users, groups: [{ id: 'g1', display: 'Team', members: ['U1'] }] } } };
}

const adding = (loginId: string) => `version: 1
provider:
  type: descope
  projectId: \${DESCOPE_PROJECT_ID}
  managementKey: \${DESCOPE_MANAGEMENT_KEY}
  baseUrl: \${DESCOPE_BASE_URL}
  writeMode: put
  writeVisibilitySeconds: 0.5
  http:
    maxRequestsPerMinute: 100000
tenants:
  T1:
    scimKey: \${T1_SCIM_KEY:-}
    members: additive
    groups:
      Team:
        members: [alice@acme.com, ${loginId}]
`;

/** Resolves once `count` calls to `arrive` were made. */
function barrier(count: number): { arrive: () => void; passed: Promise<void> } {
  let arrived = 0;
  let open!: () => void;
  const passed = new Promise<void>((resolve) => (open = resolve));
  return { arrive: () => ++arrived >= count && open(), passed };
}

async function twoApplies(proxyUrl: string): Promise<{ status: number; output: string }[]> {
  const configs = await Promise.all(['bob@acme.com', 'carol@acme.com'].map((loginId) => withFiles({ 'groupform.yaml': adding(loginId) })));
  for (const { cleanup } of configs) afterThisTest(cleanup);
  const env = e2eEnv(proxyUrl);
  const results = await Promise.all(configs.map(({ dir }) => groupform(['apply', '--auto-approve'], dir, env)));
  return results.map((r) => ({ status: r.status, output: r.stdout + r.stderr }));
}

const teamOf = (snapshot: Snapshot) => [...(snapshot.tenants.T1?.groups?.find((g) => g.id === 'g1')?.members ?? [])].sort();

describe('writeMode put: two applies adding different members to one group', () => {
  it('with ETags, both GETs before either PUT: the stale PUT is refused (412), built again, and both members stay', async () => {
    const { emulator } = await startScenario(seed(), '', { etag: true });
    const bothRead = barrier(2);
    const firstWritten = barrier(1);
    let gets = 0;
    let puts = 0;
    const decide = async (line: string): Promise<Answer> => {
      if (line === 'GET /scim/v2/Groups/g1') return ++gets <= 2 ? { forwardAnd: bothRead.arrive } : 'forward';
      if (line !== 'PUT /scim/v2/Groups/g1') return 'forward';
      const nth = ++puts;
      await bothRead.passed;
      if (nth === 1) return { forwardAnd: firstWritten.arrive };
      await firstWritten.passed;
      return 'forward';
    };
    await withProxy(emulator.url, decide, async (url, seen) => {
      const results = await twoApplies(url);
      for (const { status, output } of results) expect(status, output).toBe(0);
      expect(teamOf(emulator.snapshot())).toEqual(['U1', 'U2', 'U3']);
      // The second PUT was refused once and sent again from a fresh GET.
      expect(seen.filter((l) => l === 'PUT /scim/v2/Groups/g1')).toHaveLength(3);
      expect(emulator.stats().routeStatuses['PUT /scim/v2/Groups/{id}']).toEqual({ '200': 2, '412': 1 });
    });
  });

  it('without ETags, a group changed since the plan is not written: GROUP_CHANGED_CONCURRENTLY, and the re-run adds the member', async () => {
    const { emulator } = await startScenario(seed(), '');
    const bothLoaded = barrier(2);
    const firstWritten = barrier(1);
    let gets = 0;
    const decide = async (line: string): Promise<Answer> => {
      if (line === 'POST /v1/mgmt/group/all') return { forwardAnd: bothLoaded.arrive };
      if (line === 'PUT /scim/v2/Groups/g1') return { forwardAnd: firstWritten.arrive };
      if (line !== 'GET /scim/v2/Groups/g1') return 'forward';
      // Both applies planned from the same state; the second reads the group only once the first wrote it.
      const nth = ++gets;
      await bothLoaded.passed;
      if (nth === 2) await firstWritten.passed;
      return 'forward';
    };
    await withProxy(emulator.url, decide, async (url) => {
      const results = await twoApplies(url);
      const failed = results.filter((r) => r.status !== 0);
      expect(failed, results.map((r) => r.output).join('\n')).toHaveLength(1);
      expect(failed[0]?.status).toBe(1);
      expect(failed[0]?.output).toMatch(/GROUP_CHANGED_CONCURRENTLY: group g1 of tenant T1 is being changed by someone else: since it was planned it has 1 member added \(U[23]\)/);
      expect(teamOf(emulator.snapshot())).toHaveLength(2);
    });
    // The run that stopped plans again from what is there: nothing the other wrote is lost.
    const rerun = await twoApplies(emulator.url);
    for (const { status, output } of rerun) expect(status, output).toBe(0);
    expect(teamOf(emulator.snapshot())).toEqual(['U1', 'U2', 'U3']);
  });
});
