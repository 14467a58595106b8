import { compareStrings } from '../model/normalize.js';
import { Secret } from '../model/secret.js';
import type { DeclaredMember, DesiredGroup, DesiredState, DesiredTenant, MembersMode, ProviderConfig, SafetyLimits } from '../model/types.js';
import type { ExpandedGroup, ExpandedTenant, Expansion } from './expand.js';
import { pointer, type Path } from './paths.js';
import type { RawFile, RawGroup, RawProvider, RawSettings, RawTenant } from './raw.js';
import { type ConfigTree, keyAt } from './tree.js';

/** The safety limits a tenant gets when neither it nor `defaults` sets them (README, Configuration reference). */
export const DEFAULT_SAFETY: SafetyLimits = { maxRemovalPercent: 25, maxGroupDeletePercent: 25 };

const BUILT_IN = { members: 'authoritative', unmanagedGroups: 'ignore', safety: DEFAULT_SAFETY } as const;

/**
 * Builds the desired state from a config set whose files passed every check, and their expansion. `env` supplies
 * DESCOPE_BASE_URL, the Descope base URL when the config sets none (as Descope's SDKs and Terraform provider read it).
 */
export function toDesired(trees: readonly ConfigTree[], expansion: Expansion, env: NodeJS.ProcessEnv = {}): DesiredState {
  const providerTree = trees.find((t) => (t.data as RawFile).provider !== undefined);
  if (providerTree === undefined) throw new Error('toDesired needs a checked config set with a provider');
  const rawProvider = (providerTree.data as RawFile).provider as RawProvider;
  const provider = toProvider(rawProvider, providerTree, env);
  const defaults = (providerTree.data as RawFile).defaults ?? {};
  const tenants = expansion.tenants.map((tenant) => toTenant(tenant, defaults, provider));
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

function toTenant(expanded: ExpandedTenant, defaults: RawSettings, provider: ProviderConfig): DesiredTenant {
  const { tenantId, tree, templateSettings } = expanded;
  const raw = expanded.body as RawTenant;
  const path = ['tenants', tenantId];
  const membersMode = raw.members ?? templateSettings.members ?? defaults.members ?? BUILT_IN.members;
  const credential =
    provider.type === 'descope' ? secretAt(tree, [...path, 'scimKey'], raw.scimKey, true)
    : (secretAt(tree, [...path, 'token'], raw.token) ?? provider.token);
  const safety: SafetyLimits = { ...BUILT_IN.safety, ...defaults.safety, ...templateSettings.safety, ...raw.safety };
  // Absent unless configured: the planner's default applies.
  const expiryWarningDays = raw.expiryWarningDays ?? templateSettings.expiryWarningDays ?? defaults.expiryWarningDays;
  const owners = raw.owners ?? templateSettings.owners ?? defaults.owners;
  const inherited: Inherited = { owners, review: raw.review ?? templateSettings.review ?? defaults.review, reviewedAt: raw.reviewedAt };
  const groups = expanded.groups.map((group) => toGroup(group, membersMode, inherited)).sort((a, b) => compareStrings(a.name, b.name));
  return {
    tenantId,
    groups,
    unmanagedGroups: raw.unmanagedGroups ?? templateSettings.unmanagedGroups ?? defaults.unmanagedGroups ?? BUILT_IN.unmanagedGroups,
    safety,
    ...(expiryWarningDays === undefined ? {} : { expiryWarningDays }),
    ...(owners === undefined ? {} : { owners: [...owners] }),
    ...(credential === undefined ? {} : { credential }),
    ...(raw.ssoId === undefined ? {} : { ssoId: raw.ssoId }),
    at: expanded.at,
    ...(expanded.templates.length === 0 ? {} : { templates: expanded.templates }),
  };
}

// What a group takes from its tenant (and `defaults`) when it sets none itself.
interface Inherited {
  owners: string[] | undefined;
  review: { every: string } | undefined;
  reviewedAt: string | undefined;
}

function toGroup({ definition, members }: ExpandedGroup, tenantMode: MembersMode, inherited: Inherited): DesiredGroup {
  const raw = (definition.body ?? {}) as RawGroup;
  const owners = raw.owners ?? inherited.owners;
  const review = raw.review ?? inherited.review;
  const reviewedAt = raw.reviewedAt ?? inherited.reviewedAt;
  return {
    name: definition.name,
    ...(raw.externalId === undefined ? {} : { externalId: raw.externalId }),
    previously: [...(raw.previously ?? [])],
    // Shared with every group whose members are the same list (resolution reuses its work on it); never mutated.
    ...(members === undefined ? {} : { members: members.members as DeclaredMember[] }),
    membersMode: raw.membersMode ?? tenantMode,
    ...(raw.maxDuration === undefined ? {} : { maxDuration: raw.maxDuration }),
    ...(owners === undefined ? {} : { owners: [...owners] }),
    ...(review === undefined ? {} : { review: { every: review.every } }),
    ...(reviewedAt === undefined ? {} : { reviewedAt }),
    at: definition.at,
    ...(definition.template === undefined ? {} : { template: definition.template }),
    ...(members === undefined || members.overlaps.length === 0 ? {} : { overlaps: [...members.overlaps] }),
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
