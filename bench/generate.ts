// Generates a benchmark scenario: an emulator seed (the live state) and a descope groupform config (the desired
// state) for T tenants x G groups x M members, with a share of drift between them, deterministic by seed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Snapshot, SnapshotGroup, SnapshotTenant } from '../src/config/snapshot.js';
import { createRandom } from '../src/util/random.js';

export interface ScenarioSpec {
  tenants: number;
  groups: number;
  members: number;
  /** Users per tenant the members are drawn from. */
  users: number;
  /** Share (0..1) of memberships and groups that differ between config and live state. */
  drift: number;
  /** Exact member churn instead of random member drift: the first `groups` groups of every tenant get
   * `adds` members added and `removes` removed. */
  churn?: { groups: number; adds: number; removes: number };
  /** group/all answers without members (the emulator's --no-descope-inline-members): one group/members per live group. */
  omitMembers?: boolean;
  /** Leave the provider's documented rate limits in force (otherwise the config lifts them: the emulator has none). */
  documentedRateLimits?: boolean;
  seed: number;
}

/** What a correct plan of the scenario contains (the plan JSON's summary). */
export interface ExpectedSummary {
  groupsToCreate: number;
  groupsToUpdate: number;
  groupsToDelete: number;
  membersToAdd: number;
  membersToRemove: number;
}

export interface GeneratedScenario {
  seed: Snapshot;
  configYaml: string;
  /** The environment the config's `${VAR}`s need, except the base URL (known once the emulator runs). */
  env: Record<string, string>;
  expected: ExpectedSummary;
  /** One group load per tenant (+ one group/members per live group when group/all omits members) +
   * ceil(distinct declared login ids / 100) user searches per tenant. */
  minimalReads: number;
  /** One write per changed group per 100 member changes (a delete: one). */
  writeGoal: number;
  /** Tenant id -> declared group name -> declared user ids, to check the state after an apply. */
  desired: Map<string, Map<string, string[]>>;
  memberships: number;
}

export const benchProjectId = 'P2bench';
export const benchManagementKey = 'mk-bench';
export const baseUrlVariable = 'GF_BENCH_BASE_URL';
export const userSearchPageSize = 100;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `count` distinct integers of [0, size) not in `exclude`. */
function sample(random: () => number, size: number, count: number, exclude: ReadonlySet<number> = new Set()): number[] {
  if (count > size - exclude.size) throw new Error(`cannot draw ${count} of ${size - exclude.size} users`);
  const picked = new Set<number>();
  while (picked.size < count) {
    const n = Math.floor(random() * size);
    if (!exclude.has(n)) picked.add(n);
  }
  return [...picked];
}

function binomial(random: () => number, trials: number, p: number): number {
  let k = 0;
  for (let i = 0; i < trials; i++) if (random() < p) k++;
  return k;
}

export function tenantIdOf(t: number, width: number): string {
  return `T${pad(t, width)}`;
}

export function scimKeyVariable(tenantId: string): string {
  return `GF_BENCH_SCIM_KEY_${tenantId}`;
}

interface TenantParts {
  live: SnapshotTenant;
  yaml: string[];
  declared: Map<string, string[]>;
  distinctLoginIds: number;
  writes: number;
}

function generateTenant(spec: ScenarioSpec, t: number, tenantId: string, random: () => number, expected: ExpectedSummary): TenantParts {
  const width = Math.max(4, String(spec.groups).length);
  const userId = (u: number): string => `U${t}x${u}`;
  const loginId = (u: number): string => `user${u}@t${t}.bench.test`;
  const users = Array.from({ length: spec.users }, (_, u) => ({ userId: userId(u), loginId: loginId(u), display: `User ${u}` }));
  const liveGroups: SnapshotGroup[] = [];
  const declared = new Map<string, string[]>();
  const declaredLoginIds = new Set<number>();
  const yaml = [`  ${tenantId}:`, `    scimKey: \${${scimKeyVariable(tenantId)}}`, '    groups:'];
  let writes = 0;

  for (let g = 0; g < spec.groups; g++) {
    const name = `Group ${pad(g, width)}`;
    const members = sample(random, spec.users, spec.members);
    for (const u of members) declaredLoginIds.add(u);
    declared.set(name, members.map(userId));
    const roll = random();
    const created = spec.churn === undefined && roll < spec.drift / 3;
    const renamed = spec.churn === undefined && !created && roll < (2 * spec.drift) / 3;
    yaml.push(`      ${name}:`);
    if (renamed) yaml.push(`        previously: [Old Group ${pad(g, width)}]`);
    // In the order fmt writes them, so `fmt --check` of a generated config has nothing to change.
    yaml.push('        members:', ...members.map(loginId).sort().map((l) => `          - ${l}`));
    if (created) {
      expected.groupsToCreate++;
      expected.membersToAdd += members.length;
      writes += Math.max(1, Math.ceil(members.length / 100));
      continue;
    }
    let missing: number[];
    let extra: number[];
    const memberSet = new Set(members);
    if (spec.churn !== undefined) {
      const churned = g < spec.churn.groups;
      missing = churned ? members.slice(0, spec.churn.adds) : [];
      extra = churned ? sample(random, spec.users, spec.churn.removes, memberSet) : [];
    } else {
      missing = members.filter(() => random() < spec.drift / 2);
      extra = sample(random, spec.users, binomial(random, spec.members, spec.drift / 2), memberSet);
    }
    const missingSet = new Set(missing);
    liveGroups.push({
      id: `g${t}x${g}`,
      display: renamed ? `Old Group ${pad(g, width)}` : name,
      members: [...members.filter((u) => !missingSet.has(u)), ...extra].map(userId),
    });
    const changes = missing.length + extra.length;
    if (renamed || changes > 0) {
      expected.groupsToUpdate++;
      writes += Math.max(1, Math.ceil(changes / 100));
    }
    expected.membersToAdd += missing.length;
    expected.membersToRemove += extra.length;
  }
  // Live groups the config does not declare; unmanagedGroups: delete removes them.
  const legacy = spec.churn === undefined ? Math.round((spec.groups * spec.drift) / 3) : 0;
  for (let k = 0; k < legacy; k++) {
    const members = sample(random, spec.users, spec.members).map(userId);
    liveGroups.push({ id: `gx${t}x${k}`, display: `Legacy ${pad(k, width)}`, members });
    expected.groupsToDelete++;
    expected.membersToRemove += members.length;
    writes++;
  }
  return {
    live: { scimKey: `sk-${tenantId}`, users, groups: liveGroups },
    yaml,
    declared,
    distinctLoginIds: declaredLoginIds.size,
    writes,
  };
}

export function generateScenario(spec: ScenarioSpec): GeneratedScenario {
  const random = createRandom(spec.seed);
  const width = Math.max(4, String(spec.tenants).length);
  const expected: ExpectedSummary = { groupsToCreate: 0, groupsToUpdate: 0, groupsToDelete: 0, membersToAdd: 0, membersToRemove: 0 };
  const seed: Snapshot = { projectId: benchProjectId, managementKey: benchManagementKey, tenants: {} };
  const env: Record<string, string> = { GF_BENCH_PROJECT_ID: benchProjectId, GF_BENCH_MANAGEMENT_KEY: benchManagementKey };
  const desired = new Map<string, Map<string, string[]>>();
  // Plan output, not the benchmark, is what safety rules are for: they must not block the measured run.
  const yaml = [
    'version: 1',
    'provider:',
    '  type: descope',
    '  projectId: ${GF_BENCH_PROJECT_ID}',
    '  managementKey: ${GF_BENCH_MANAGEMENT_KEY}',
    `  baseUrl: \${${baseUrlVariable}}`,
    // The emulator has no rate limit unless a scenario asks for one; then the documented defaults stand.
    ...(spec.documentedRateLimits === true ? [] : ['  http:', '    maxRequestsPerMinute: 1000000']),
    'defaults:',
    '  members: authoritative',
    '  unmanagedGroups: delete',
    '  safety:',
    '    maxRemovalPercent: 100',
    '    maxGroupDeletePercent: 100',
    'tenants:',
  ];
  let minimalReads = 0;
  let writeGoal = 0;
  for (let t = 0; t < spec.tenants; t++) {
    const tenantId = tenantIdOf(t, width);
    const parts = generateTenant(spec, t, tenantId, random, expected);
    seed.tenants[tenantId] = parts.live;
    env[scimKeyVariable(tenantId)] = parts.live.scimKey!;
    desired.set(tenantId, parts.declared);
    for (const line of parts.yaml) yaml.push(line);
    minimalReads += 1 + (spec.omitMembers === true ? (parts.live.groups?.length ?? 0) : 0) + Math.ceil(parts.distinctLoginIds / userSearchPageSize);
    writeGoal += parts.writes;
  }
  return {
    seed,
    configYaml: `${yaml.join('\n')}\n`,
    env,
    expected,
    minimalReads,
    writeGoal,
    desired,
    memberships: spec.tenants * spec.groups * spec.members,
  };
}

export interface ScenarioFiles {
  configPath: string;
  seedPath: string;
}

/** Writes the config and the seed (JSON, also usable as `--live-state`) into `dir`. */
export async function writeScenario(dir: string, scenario: GeneratedScenario): Promise<ScenarioFiles> {
  await mkdir(dir, { recursive: true });
  const configPath = join(dir, 'groupform.yaml');
  const seedPath = join(dir, 'seed.json');
  await writeFile(configPath, scenario.configYaml);
  await writeFile(seedPath, JSON.stringify(scenario.seed));
  return { configPath, seedPath };
}
