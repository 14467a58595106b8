// The peer contender: what a competent admin writes with the official @descope/node-sdk instead of groupform.
// One pool of in-flight requests (GF_BENCH_CONCURRENCY, default 8) shared by everything; every tenant at once:
// group/all and the declared login ids' user searches (100 per request) side by side, group/members for each group
// group/all shows without members, then a naive diff. With --apply it also writes the diff through Descope's SCIM
// API in the same pool: one PATCH per 100 member changes, POST for a create (100 members, the rest by PATCH),
// DELETE for an unmanaged group. Prints the summary counts a groupform plan has.
// Run: node dist/bench/sdk-peer.js CONFIG [--apply] [--sequential]
//   (env GF_BENCH_BASE_URL, GF_BENCH_PROJECT_ID, GF_BENCH_MANAGEMENT_KEY, GF_BENCH_SCIM_KEY_<tenant>)
// --sequential is the first peer of this benchmark, kept as a footnote: one request at a time.
import DescopeClient from '@descope/node-sdk';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ConfigGroup {
  previously?: string[];
  members?: (string | { userId: string })[];
}

interface Config {
  defaults?: { unmanagedGroups?: string };
  tenants: Record<string, { scimKey?: string; groups?: Record<string, ConfigGroup | null> }>;
}

interface Group {
  id: string;
  display: string;
  source?: string;
  members?: { loginId: string; userId: string }[];
}

interface Write {
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`set ${name}`);
  return value;
}

const args = process.argv.slice(2);
const configPath = args.find((a) => !a.startsWith('--'));
if (configPath === undefined) throw new Error('usage: sdk-peer CONFIG [--apply] [--sequential]');
const applying = args.includes('--apply');
const poolSize = args.includes('--sequential') ? 1 : Number(process.env.GF_BENCH_CONCURRENCY ?? 8);

let inFlight = 0;
const waiting: (() => void)[] = [];
async function inPool<T>(task: () => Promise<T>): Promise<T> {
  if (inFlight >= poolSize) await new Promise<void>((resolve) => waiting.push(resolve));
  else inFlight++;
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next === undefined) inFlight--;
    else next();
  }
}

const config = parse(readFileSync(configPath, 'utf8')) as Config;
const baseUrl = required('GF_BENCH_BASE_URL');
const projectId = required('GF_BENCH_PROJECT_ID');
const client = DescopeClient({ projectId, managementKey: required('GF_BENCH_MANAGEMENT_KEY'), baseUrl });
const deleteUnmanaged = config.defaults?.unmanagedGroups === 'delete';
const summary = { groupsToCreate: 0, groupsToUpdate: 0, groupsToDelete: 0, membersToAdd: 0, membersToRemove: 0 };

function fromEnv(value: string | undefined): string | undefined {
  const name = /^\$\{([A-Za-z0-9_]+)(?::-)?\}$/.exec(value ?? '')?.[1];
  return name === undefined ? value : process.env[name];
}

async function loadGroups(tenantId: string): Promise<Group[]> {
  const loaded = await inPool(() => client.management.group.loadAllGroups(tenantId));
  if (!loaded.ok) throw new Error(`loadAllGroups ${tenantId}: ${JSON.stringify(loaded.error)}`);
  const data = loaded.data as unknown as Group[] | { groups: Group[] };
  const groups = Array.isArray(data) ? data : data.groups;
  return Promise.all(
    groups.map(async (group) => {
      if (group.members !== undefined) return group;
      const members = await inPool(() => client.management.group.loadAllGroupMembers(tenantId, group.id));
      if (!members.ok) throw new Error(`loadAllGroupMembers ${tenantId}/${group.id}: ${JSON.stringify(members.error)}`);
      return { ...group, members: (members.data as unknown as Group[])[0]?.members ?? [] };
    }),
  );
}

async function resolveLoginIds(tenantId: string, loginIds: string[]): Promise<Map<string, string>> {
  const batches: string[][] = [];
  for (let i = 0; i < loginIds.length; i += 100) batches.push(loginIds.slice(i, i + 100));
  const userIdByLoginId = new Map<string, string>();
  await Promise.all(
    batches.map(async (batch) => {
      const found = await inPool(() => client.management.user.search({ tenantIds: [tenantId], loginIds: batch, limit: 100 }));
      if (!found.ok || found.data === undefined) throw new Error(`user search ${tenantId}: ${JSON.stringify(found.error)}`);
      for (const user of found.data.users) for (const id of user.loginIds) userIdByLoginId.set(id.toLowerCase(), user.userId);
    }),
  );
  return userIdByLoginId;
}

function patches(add: string[], remove: string[]): unknown[] {
  const ops = [
    ...add.map((value) => ({ op: 'add', path: 'members', value: [{ value }] })),
    ...remove.map((value) => ({ op: 'remove', path: `members[value eq "${value}"]` })),
  ];
  const bodies: unknown[] = [];
  for (let i = 0; i < ops.length; i += 100) bodies.push({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops.slice(i, i + 100) });
  return bodies;
}

async function scim(scimKey: string, write: Write): Promise<unknown> {
  return inPool(async () => {
    const response = await fetch(`${baseUrl}/scim/v2${write.path}`, {
      method: write.method,
      headers: { authorization: `Bearer ${projectId}:${scimKey}`, 'content-type': 'application/scim+json' },
      ...(write.body === undefined ? {} : { body: JSON.stringify(write.body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${write.method} ${write.path}: ${response.status} ${text.slice(0, 200)}`);
    return text === '' ? undefined : JSON.parse(text);
  });
}

async function planTenant(tenantId: string, tenant: Config['tenants'][string]): Promise<void> {
  const declared = Object.entries(tenant.groups ?? {});
  const loginIds = new Set<string>();
  for (const [, group] of declared) for (const m of group?.members ?? []) if (typeof m === 'string') loginIds.add(m.toLowerCase());
  const [live, userIdByLoginId] = await Promise.all([loadGroups(tenantId), resolveLoginIds(tenantId, [...loginIds])]);
  const scimKey = fromEnv(tenant.scimKey);
  const writes: Promise<unknown>[] = [];
  const write = (w: Write) => {
    if (!applying) return;
    if (scimKey === undefined) throw new Error(`${tenantId}: no SCIM key`);
    writes.push(scim(scimKey, w));
  };

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
      const members = [...wanted];
      if (applying) {
        const created = scim(scimKey ?? '', { method: 'POST', path: '/Groups', body: { displayName: name, members: members.slice(0, 100).map((value) => ({ value })) } }).then(
          async (body) => {
            const id = (body as { id: string }).id;
            await Promise.all(patches(members.slice(100), []).map((p) => scim(scimKey ?? '', { method: 'PATCH', path: `/Groups/${id}`, body: p })));
          },
        );
        writes.push(created);
      }
      continue;
    }
    matched.add(match.id);
    const have = new Set((match.members ?? []).map((m) => m.userId));
    const adds = [...wanted].filter((u) => !have.has(u));
    const removes = group?.members === undefined ? [] : [...have].filter((u) => !wanted.has(u));
    const renamed = match.display !== name;
    if (adds.length + removes.length > 0 || renamed) summary.groupsToUpdate++;
    summary.membersToAdd += adds.length;
    summary.membersToRemove += removes.length;
    if (renamed) write({ method: 'PATCH', path: `/Groups/${match.id}`, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: name }] } });
    for (const body of patches(adds, removes)) write({ method: 'PATCH', path: `/Groups/${match.id}`, body });
  }
  for (const group of live) {
    if (matched.has(group.id) || group.source === 'jit' || !deleteUnmanaged) continue;
    summary.groupsToDelete++;
    summary.membersToRemove += group.members?.length ?? 0;
    write({ method: 'DELETE', path: `/Groups/${group.id}` });
  }
  await Promise.all(writes);
}

await Promise.all(Object.entries(config.tenants).map(([tenantId, tenant]) => planTenant(tenantId, tenant)));
process.stdout.write(`${JSON.stringify(summary)}\n`);
