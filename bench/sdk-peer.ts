// The peer contender: what a user would write with the official @descope/node-sdk instead of groupform. It reads
// the config with a plain YAML parse, loads each tenant's groups one tenant after another, resolves the declared
// login ids through user search (100 per request, the same requests groupform needs), diffs naively and prints
// the same summary counts a groupform plan has.
// Run: node dist/bench/sdk-peer.js CONFIG  (env GF_BENCH_BASE_URL, GF_BENCH_PROJECT_ID, GF_BENCH_MANAGEMENT_KEY)
import DescopeClient from '@descope/node-sdk';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ConfigGroup {
  previously?: string[];
  members?: (string | { userId: string })[];
}

interface Config {
  defaults?: { unmanagedGroups?: string };
  tenants: Record<string, { groups?: Record<string, ConfigGroup | null> }>;
}

interface Group {
  id: string;
  display: string;
  source?: string;
  members?: { loginId: string; userId: string }[];
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`set ${name}`);
  return value;
}

const configPath = process.argv[2];
if (configPath === undefined) throw new Error('usage: sdk-peer CONFIG');
const config = parse(readFileSync(configPath, 'utf8')) as Config;
const client = DescopeClient({
  projectId: required('GF_BENCH_PROJECT_ID'),
  managementKey: required('GF_BENCH_MANAGEMENT_KEY'),
  baseUrl: required('GF_BENCH_BASE_URL'),
});
const deleteUnmanaged = config.defaults?.unmanagedGroups === 'delete';
const summary = { groupsToCreate: 0, groupsToUpdate: 0, groupsToDelete: 0, membersToAdd: 0, membersToRemove: 0 };

for (const [tenantId, tenant] of Object.entries(config.tenants)) {
  const loaded = await client.management.group.loadAllGroups(tenantId);
  if (!loaded.ok) throw new Error(`loadAllGroups ${tenantId}: ${JSON.stringify(loaded.error)}`);
  const data = loaded.data as unknown as Group[] | { groups: Group[] };
  const live = Array.isArray(data) ? data : data.groups;

  const declared = Object.entries(tenant.groups ?? {});
  const loginIds = new Set<string>();
  for (const [, group] of declared) {
    for (const member of group?.members ?? []) if (typeof member === 'string') loginIds.add(member.toLowerCase());
  }
  const userIdByLoginId = new Map<string, string>();
  const pending = [...loginIds];
  for (let i = 0; i < pending.length; i += 100) {
    const found = await client.management.user.search({ tenantIds: [tenantId], loginIds: pending.slice(i, i + 100), limit: 100 });
    if (!found.ok || found.data === undefined) throw new Error(`user search ${tenantId}: ${JSON.stringify(found.error)}`);
    for (const user of found.data.users) for (const id of user.loginIds) userIdByLoginId.set(id.toLowerCase(), user.userId);
  }

  const byName = new Map(live.map((g) => [g.display.toLowerCase(), g]));
  const matched = new Set<string>();
  for (const [name, group] of declared) {
    const match = byName.get(name.toLowerCase()) ?? (group?.previously ?? []).map((old) => byName.get(old.toLowerCase())).find((g) => g !== undefined);
    const wanted = new Set(
      (group?.members ?? []).map((m) => {
        if (typeof m !== 'string') return m.userId;
        const userId = userIdByLoginId.get(m.toLowerCase());
        if (userId === undefined) throw new Error(`${tenantId}: unknown login id ${m}`);
        return userId;
      }),
    );
    if (match === undefined) {
      summary.groupsToCreate++;
      summary.membersToAdd += wanted.size;
      continue;
    }
    matched.add(match.id);
    const have = new Set((match.members ?? []).map((m) => m.userId));
    const adds = [...wanted].filter((u) => !have.has(u)).length;
    const removes = group?.members === undefined ? 0 : [...have].filter((u) => !wanted.has(u)).length;
    if (adds + removes > 0 || match.display !== name) summary.groupsToUpdate++;
    summary.membersToAdd += adds;
    summary.membersToRemove += removes;
  }
  for (const group of live) {
    if (matched.has(group.id) || group.source === 'jit' || !deleteUnmanaged) continue;
    summary.groupsToDelete++;
    summary.membersToRemove += group.members?.length ?? 0;
  }
}
process.stdout.write(`${JSON.stringify(summary)}\n`);
