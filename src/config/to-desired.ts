import { compareStrings } from '../model/normalize.js';
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
  SourceRef,
  UnmanagedGroupsPolicy,
} from '../model/types.js';
import { type RawMemberEntry, toDeclaredMember } from './member-entry.js';
import { markedInOrder, rawMembersInOrder, sortedMembers } from './member-order.js';
import { pointer, type Path } from './paths.js';
import { type ConfigTree, entryPlaces, fileStart, itemPlaces, keyAt, keyOf, type Place } from './tree.js';

// The shapes below are what the schema guarantees; toDesired runs only on trees without diagnostics.
interface RawSafety {
  maxRemovalPercent?: number;
  maxGroupDeletePercent?: number;
}
interface RawSettings {
  members?: MembersMode;
  unmanagedGroups?: UnmanagedGroupsPolicy;
  safety?: RawSafety;
  expiryWarningDays?: number;
  owners?: string[];
  review?: { every: string };
}
interface RawGroup {
  externalId?: string;
  previously?: string[];
  membersMode?: MembersMode;
  maxDuration?: string;
  owners?: string[];
  review?: { every: string };
  reviewedAt?: string;
  members?: RawMemberEntry[];
}
interface RawTenant extends RawSettings {
  scimKey?: string;
  ssoId?: string;
  token?: string;
  reviewedAt?: string;
  groups: Record<string, RawGroup | null>;
}
interface RawProvider {
  type: 'descope' | 'scim';
  projectId?: string;
  managementKey?: string;
  token?: string;
  baseUrl?: string;
  writeMode?: 'patch' | 'put';
  writeVisibilitySeconds?: number;
  profile?: 'rfc7644' | 'aws' | 'huawei';
  http?: HttpSettings;
}
interface RawFile {
  provider?: RawProvider;
  defaults?: RawSettings;
  tenants?: Record<string, RawTenant>;
}

/** The safety limits a tenant gets when neither it nor `defaults` sets them (README, Configuration reference). */
export const DEFAULT_SAFETY: SafetyLimits = { maxRemovalPercent: 25, maxGroupDeletePercent: 25 };

const BUILT_IN = { members: 'authoritative', unmanagedGroups: 'ignore', safety: DEFAULT_SAFETY } as const;

/**
 * Builds the desired state from a config set whose files passed every check. `env` supplies DESCOPE_BASE_URL,
 * the Descope base URL when the config sets none (as Descope's SDKs and Terraform provider read it).
 */
export function toDesired(trees: readonly ConfigTree[], env: NodeJS.ProcessEnv = {}): DesiredState {
  const providerTree = trees.find((t) => (t.data as RawFile).provider !== undefined);
  if (providerTree === undefined) throw new Error('toDesired needs a checked config set with a provider');
  const rawProvider = (providerTree.data as RawFile).provider as RawProvider;
  const provider = toProvider(rawProvider, providerTree, env);
  const defaults = (providerTree.data as RawFile).defaults ?? {};
  const tenants: DesiredTenant[] = [];
  for (const tree of trees) {
    const raw = (tree.data as RawFile).tenants ?? {};
    const places = entryPlaces(tree, raw);
    for (const [tenantId, tenant] of Object.entries(raw)) {
      tenants.push(toTenant(tree, tenantId, tenant, places.get(tenantId), defaults, provider));
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

function toProvider(raw: RawProvider, tree: ConfigTree, env: NodeJS.ProcessEnv): ProviderConfig {
  const http = { ...(raw.http ?? {}) };
  if (raw.type === 'descope') {
    const managementKey = secretAt(tree, ['provider', 'managementKey'], raw.managementKey, true);
    // `baseUrl: ${VAR:-}` left empty means the default: DESCOPE_BASE_URL, else the project id's region.
    const baseUrl = nonEmpty(raw.baseUrl) ?? nonEmpty(env.DESCOPE_BASE_URL);
    return {
      type: 'descope',
      projectId: raw.projectId ?? '',
      ...(managementKey === undefined ? {} : { managementKey }),
      ...(baseUrl === undefined ? {} : { baseUrl }),
      writeMode: raw.writeMode ?? 'patch',
      ...(raw.writeVisibilitySeconds === undefined ? {} : { writeVisibilitySeconds: raw.writeVisibilitySeconds }),
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

function toTenant(tree: ConfigTree, tenantId: string, raw: RawTenant, place: Place | undefined, defaults: RawSettings, provider: ProviderConfig): DesiredTenant {
  const path = ['tenants', tenantId];
  const membersMode = raw.members ?? defaults.members ?? BUILT_IN.members;
  const credential =
    provider.type === 'descope' ? secretAt(tree, [...path, 'scimKey'], raw.scimKey, true)
    : (secretAt(tree, [...path, 'token'], raw.token) ?? provider.token);
  const safety: SafetyLimits = { ...BUILT_IN.safety, ...defaults.safety, ...raw.safety };
  // Absent unless configured: the planner's default applies.
  const expiryWarningDays = raw.expiryWarningDays ?? defaults.expiryWarningDays;
  const owners = raw.owners ?? defaults.owners;
  const inherited: Inherited = { owners, review: raw.review ?? defaults.review, reviewedAt: raw.reviewedAt };
  const groupPlaces = entryPlaces(tree, raw.groups);
  const groups = Object.entries(raw.groups)
    .map(([name, group]) => toGroup(tree, keyOf(tree, groupPlaces.get(name)), name, group ?? {}, membersMode, inherited))
    .sort((a, b) => compareStrings(a.name, b.name));
  return {
    tenantId,
    groups,
    unmanagedGroups: raw.unmanagedGroups ?? defaults.unmanagedGroups ?? BUILT_IN.unmanagedGroups,
    safety,
    ...(expiryWarningDays === undefined ? {} : { expiryWarningDays }),
    ...(owners === undefined ? {} : { owners: [...owners] }),
    ...(credential === undefined ? {} : { credential }),
    ...(raw.ssoId === undefined ? {} : { ssoId: raw.ssoId }),
    at: keyOf(tree, place),
  };
}

// What a group takes from its tenant (and `defaults`) when it sets none itself.
interface Inherited {
  owners: string[] | undefined;
  review: { every: string } | undefined;
  reviewedAt: string | undefined;
}

function toGroup(tree: ConfigTree, at: SourceRef, name: string, raw: RawGroup, tenantMode: MembersMode, inherited: Inherited): DesiredGroup {
  const owners = raw.owners ?? inherited.owners;
  const review = raw.review ?? inherited.review;
  const reviewedAt = raw.reviewedAt ?? inherited.reviewedAt;
  let members: DeclaredMember[] | undefined;
  if (raw.members !== undefined) {
    const refs = itemPlaces(tree, raw.members);
    const declared = raw.members.map((member, i): DeclaredMember => {
      const memberAt = refs[i] ?? fileStart(tree);
      return toDeclaredMember(member, memberAt);
    });
    members = rawMembersInOrder(raw.members, false) ? markedInOrder(declared) : sortedMembers(declared);
  }
  return {
    name,
    ...(raw.externalId === undefined ? {} : { externalId: raw.externalId }),
    previously: [...(raw.previously ?? [])],
    ...(members === undefined ? {} : { members }),
    membersMode: raw.membersMode ?? tenantMode,
    ...(raw.maxDuration === undefined ? {} : { maxDuration: raw.maxDuration }),
    ...(owners === undefined ? {} : { owners: [...owners] }),
    ...(review === undefined ? {} : { review: { every: review.every } }),
    ...(reviewedAt === undefined ? {} : { reviewedAt }),
    at,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** An empty value counts as absent: a plan-only job writes `${KEY:-}` and holds no write key. */
/**
 * An empty value is kept (as an empty Secret) only where nothing falls back on it, so that "missing key" messages
 * can name the variable that was empty; a scim tenant's empty token falls back to the provider's.
 */
function secretAt(tree: ConfigTree, path: Path, value: string | undefined, keepEmpty = false): Secret | undefined {
  if (value === undefined || (value === '' && !keepEmpty)) return undefined;
  return new Secret(value, tree.secretOrigins.get(pointer(path)) ?? '${...}');
}
