import { type Diagnostic, errorAt, formatPlace } from '../errors.js';
import type { SourceRef } from '../model/types.js';
import { credentialPlaceholder } from '../import/render-config.js';
import { pointer } from './paths.js';
import { type ConfigTree, entryPlaces, keyAt, keyOf } from './tree.js';

interface TenantToken {
  tenantId: string;
  at: SourceRef;
  /** `${NAME}` the token comes from, when known. */
  origin: string | undefined;
  /** The token, when the environment set it; compared, never printed. */
  value: string | undefined;
  own: boolean;
}

/**
 * A scim baseUrl without `{tenantId}` is one URL for every tenant: the bearer token alone chooses the tenant, so
 * two tenants with one token would both plan and write whichever tenant it belongs to. Each tenant's token (its
 * own, else the provider's) must differ from every other one's, by variable and, where the environment set
 * them, by value. Reported at the later tenant, naming the earlier one.
 */
export function checkTokenSelectedTenants(trees: readonly ConfigTree[], providerTree: ConfigTree): Diagnostic[] {
  const baseUrl = valueAt(providerTree.data, ['provider', 'baseUrl']);
  if (typeof baseUrl !== 'string' || baseUrl.includes('{tenantId}')) return [];
  const providerToken = tokenAt(providerTree, ['provider', 'token']);
  const diagnostics: Diagnostic[] = [];
  const byOrigin = new Map<string, TenantToken>();
  const byValue = new Map<string, TenantToken>();
  for (const token of tenantTokens(trees, providerToken)) {
    const earlier = (token.origin === undefined ? undefined : byOrigin.get(token.origin)) ?? (token.value === undefined ? undefined : byValue.get(token.value));
    if (earlier !== undefined) {
      diagnostics.push(errorAt(token.at, 'SCIM_TOKEN_SHARED', describeShared(token, earlier)));
      continue;
    }
    if (token.origin !== undefined) byOrigin.set(token.origin, token);
    if (token.value !== undefined) byValue.set(token.value, token);
  }
  return diagnostics;
}

function describeShared(token: TenantToken, earlier: TenantToken): string {
  const same = token.origin !== undefined && token.origin === earlier.origin ? `the same token (${token.origin})` : 'a token of the same value';
  const whose = token.own ? '' : ' (it has no `token` of its own, so it takes the provider\'s)';
  return (
    `tenant "${token.tenantId}" would use ${same} as tenant "${earlier.tenantId}" at ${formatPlace(earlier.at)}${whose}: the scim baseUrl has no {tenantId}, ` +
    `so the bearer token alone chooses the tenant, and both would reach one; give each tenant its own token, e.g. \`token: \${${credentialPlaceholder('scim', token.tenantId).variable}}\``
  );
}

function* tenantTokens(trees: readonly ConfigTree[], providerToken: Omit<TenantToken, 'tenantId' | 'at' | 'own'> | undefined): Generator<TenantToken> {
  for (const tree of trees) {
    const tenants = valueAt(tree.data, ['tenants']);
    if (!isRecord(tenants)) continue;
    const places = entryPlaces(tree, tenants);
    for (const tenantId of Object.keys(tenants)) {
      const own = tokenAt(tree, ['tenants', tenantId, 'token']);
      // An empty token of its own falls back to a provider token that is set, as loading does; with neither set
      // (a plan job reading a snapshot) its own variable is what it would use.
      const fallsBack = own === undefined || (own.value === undefined && providerToken?.value !== undefined);
      if (!fallsBack) yield { tenantId, at: keyAt(tree, ['tenants', tenantId, 'token']), ...own, own: true };
      else if (providerToken !== undefined) yield { tenantId, at: keyOf(tree, places.get(tenantId)), ...providerToken, own: false };
    }
  }
}

function tokenAt(tree: ConfigTree, path: string[]): Omit<TenantToken, 'tenantId' | 'at' | 'own'> | undefined {
  const raw = valueAt(tree.data, path);
  if (raw === undefined || raw === null) return undefined;
  const value = typeof raw === 'string' && raw !== '' ? raw : undefined;
  return { origin: tree.secretOrigins.get(pointer(path)), value };
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => (isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined), data);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
