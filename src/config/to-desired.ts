import { compareStrings, loginIdKey } from '../model/normalize.js';
import { Secret } from '../model/secret.js';
import type {
  DeclaredMember,
  DesiredGroup,
  DesiredState,
  DesiredTenant,
  HttpSettings,
  MembersMode,
  ProviderConfig,
  SafetyLimits,
  UnmanagedGroupsPolicy,
} from '../model/types.js';
import { keyAt, valueAt } from './cross-check.js';
import { pointer, type Path } from './paths.js';
import type { ConfigTree } from './to-tree.js';

// The shapes below are what the schema guarantees; toDesired runs only on trees without diagnostics.
interface RawSafety {
  maxRemovalPercent?: number;
  maxGroupDeletePercent?: number;
}
interface RawSettings {
  members?: MembersMode;
  unmanagedGroups?: UnmanagedGroupsPolicy;
  safety?: RawSafety;
}
interface RawGroup {
  externalId?: string;
  previously?: string[];
  membersMode?: MembersMode;
  members?: (string | { userId: string })[];
}
interface RawTenant extends RawSettings {
  scimKey?: string;
  token?: string;
  groups: Record<string, RawGroup | null>;
}
interface RawProvider {
  type: 'descope' | 'scim';
  projectId?: string;
  managementKey?: string;
  token?: string;
  baseUrl?: string;
  writeMode?: 'patch' | 'put';
  profile?: 'rfc7644' | 'aws' | 'huawei';
  http?: HttpSettings;
}
interface RawFile {
  provider?: RawProvider;
  defaults?: RawSettings;
  tenants?: Record<string, RawTenant>;
}

const BUILT_IN = { members: 'authoritative', unmanagedGroups: 'ignore', safety: { maxRemovalPercent: 25, maxGroupDeletePercent: 25 } } as const;

/** Builds the desired state from a config set whose files passed every check. */
export function toDesired(trees: readonly ConfigTree[]): DesiredState {
  const providerTree = trees.find((t) => (t.data as RawFile).provider !== undefined);
  if (providerTree === undefined) throw new Error('toDesired needs a checked config set with a provider');
  const rawProvider = (providerTree.data as RawFile).provider as RawProvider;
  const provider = toProvider(rawProvider, providerTree);
  const defaults = (providerTree.data as RawFile).defaults ?? {};
  const tenants: DesiredTenant[] = [];
  for (const tree of trees) {
    for (const [tenantId, raw] of Object.entries((tree.data as RawFile).tenants ?? {})) {
      tenants.push(toTenant(tree, tenantId, raw, defaults, provider));
    }
  }
  tenants.sort((a, b) => compareStrings(a.tenantId, b.tenantId));
  return {
    provider,
    providerAt: keyAt(providerTree, ['provider']),
    tenants,
    files: trees.map((t) => t.file).sort(compareStrings),
  };
}

function toProvider(raw: RawProvider, tree: ConfigTree): ProviderConfig {
  const http = { ...(raw.http ?? {}) };
  if (raw.type === 'descope') {
    const managementKey = secretAt(tree, ['provider', 'managementKey'], raw.managementKey);
    return {
      type: 'descope',
      projectId: raw.projectId ?? '',
      ...(managementKey === undefined ? {} : { managementKey }),
      ...(raw.baseUrl === undefined ? {} : { baseUrl: raw.baseUrl }),
      writeMode: raw.writeMode ?? 'patch',
      http,
    };
  }
  const token = secretAt(tree, ['provider', 'token'], raw.token);
  return {
    type: 'scim',
    baseUrl: raw.baseUrl ?? '',
    profile: raw.profile ?? 'rfc7644',
    ...(token === undefined ? {} : { token }),
    http,
  };
}

function toTenant(tree: ConfigTree, tenantId: string, raw: RawTenant, defaults: RawSettings, provider: ProviderConfig): DesiredTenant {
  const path = ['tenants', tenantId];
  const membersMode = raw.members ?? defaults.members ?? BUILT_IN.members;
  const credential =
    provider.type === 'descope' ? secretAt(tree, [...path, 'scimKey'], raw.scimKey)
    : (secretAt(tree, [...path, 'token'], raw.token) ?? provider.token);
  const safety: SafetyLimits = { ...BUILT_IN.safety, ...defaults.safety, ...raw.safety };
  const groups = Object.entries(raw.groups)
    .map(([name, group]) => toGroup(tree, [...path, 'groups', name], name, group ?? {}, membersMode))
    .sort((a, b) => compareStrings(a.name, b.name));
  return {
    tenantId,
    groups,
    unmanagedGroups: raw.unmanagedGroups ?? defaults.unmanagedGroups ?? BUILT_IN.unmanagedGroups,
    safety,
    ...(credential === undefined ? {} : { credential }),
    at: keyAt(tree, path),
  };
}

function toGroup(tree: ConfigTree, path: Path, name: string, raw: RawGroup, tenantMode: MembersMode): DesiredGroup {
  const members = raw.members?.map((member, i): DeclaredMember => {
    const at = valueAt(tree, [...path, 'members', i]);
    return typeof member === 'string' ? { loginId: member, at } : { userId: member.userId, at };
  });
  return {
    name,
    ...(raw.externalId === undefined ? {} : { externalId: raw.externalId }),
    previously: [...(raw.previously ?? [])],
    ...(members === undefined ? {} : { members: members.sort(compareMembers) }),
    membersMode: raw.membersMode ?? tenantMode,
    at: keyAt(tree, path),
  };
}

/** Login ids (case-insensitively), then user ids: the order `fmt` writes, so formatting changes nothing here. */
export function compareMembers(a: { loginId: string } | { userId: string }, b: { loginId: string } | { userId: string }): number {
  if ('loginId' in a && 'loginId' in b) return compareStrings(loginIdKey(a.loginId), loginIdKey(b.loginId)) || compareStrings(a.loginId, b.loginId);
  if ('userId' in a && 'userId' in b) return compareStrings(a.userId, b.userId);
  return 'loginId' in a ? -1 : 1;
}

/** An empty value counts as absent: a plan-only job writes `${KEY:-}` and holds no write key. */
function secretAt(tree: ConfigTree, path: Path, value: string | undefined): Secret | undefined {
  if (value === undefined || value === '') return undefined;
  return new Secret(value, tree.secretOrigins.get(pointer(path)) ?? '${...}');
}
