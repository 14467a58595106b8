import { parseShard, selectTenants } from '../config/index.js';
import { GroupformError } from '../errors.js';
import { Secret } from '../model/secret.js';
import type { DesiredState, DesiredTenant } from '../model/types.js';
import { credentialPlaceholder } from './render-config.js';
import { DEFAULT_SAFETY } from '../config/to-desired.js';

export interface ImportSelection {
  tenant?: readonly string[];
  excludeTenant?: readonly string[];
  shard?: string;
}

const GLOB = /[*?]/;
/**
 * The tenants to import, as desired tenants with no groups, so the provider loads their whole live state. An
 * exact `--tenant` id need not be declared anywhere (the provider cannot list tenants); a glob expands over
 * the tenants the config set declares, which re-imports them.
 */
export function selectImportTargets(config: DesiredState, selection: ImportSelection, env: NodeJS.ProcessEnv = {}): DesiredState {
  const patterns = selection.tenant ?? [];
  if (patterns.length === 0) {
    throw new GroupformError('IMPORT_NO_TENANT', 'import needs the tenants to read: pass --tenant ID (repeatable)');
  }
  const declared = new Map(config.tenants.map((t) => [t.tenantId, t]));
  const ids = new Set(config.tenants.map((t) => t.tenantId));
  for (const pattern of patterns) if (!GLOB.test(pattern)) ids.add(pattern);
  const tenants = [...ids].sort().map((tenantId) => emptyTenant(config, tenantId, declared.get(tenantId), env));
  return selectTenants(
    { ...config, tenants },
    {
      include: patterns,
      exclude: selection.excludeTenant ?? [],
      ...(selection.shard === undefined ? {} : { shard: parseShard(selection.shard) }),
    },
  );
}

function emptyTenant(config: DesiredState, tenantId: string, declared: DesiredTenant | undefined, env: NodeJS.ProcessEnv): DesiredTenant {
  // Loading needs a credential only on scim (the bearer token also reads); the tenant's own wins, as in plan.
  const credential = declared?.credential ?? (config.provider.type === 'scim' ? (undeclaredToken(tenantId, env) ?? config.provider.token) : undefined);
  return {
    tenantId,
    groups: [],
    unmanagedGroups: declared?.unmanagedGroups ?? 'ignore',
    safety: declared?.safety ?? DEFAULT_SAFETY,
    ...(credential === undefined ? {} : { credential }),
    at: declared?.at ?? config.providerAt,
  };
}

/**
 * An undeclared tenant is read with the variable its imported file will name (`SCIM_TOKEN_<tenant>`), when set:
 * the file then plans with the very token the import used, and a provider token meant for another tenant is
 * not sent to this one.
 */
function undeclaredToken(tenantId: string, env: NodeJS.ProcessEnv): Secret | undefined {
  const { variable } = credentialPlaceholder('scim', tenantId);
  const value = env[variable];
  return value === undefined || value === '' ? undefined : new Secret(value, `\${${variable}}`);
}
