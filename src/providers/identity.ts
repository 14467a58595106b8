import type { ProviderConfig, ProviderIdentity } from '../model/types.js';

const DESCOPE_DEFAULT_HOST = 'https://api.descope.com';
// A 32-character project id carries its region in characters 1-4 (`P` + region + ...).
// Only these regions are documented with their own host; `use1` stays on the default (undocumented there).
const DESCOPE_REGIONAL = new Set(['euc1', 'cac1', 'aps2']);

export function descopeBaseUrl(projectId: string, explicit?: string): string {
  if (explicit !== undefined) return explicit.replace(/\/+$/, '');
  if (projectId.length === 32) {
    const region = projectId.slice(1, 5);
    if (DESCOPE_REGIONAL.has(region)) return `https://api.${region}.descope.com`;
  }
  return DESCOPE_DEFAULT_HOST;
}

/** What a plan records about the provider it was computed against: never a secret, no network. */
export function providerIdentity(config: ProviderConfig): ProviderIdentity {
  switch (config.type) {
    case 'descope':
      return { type: 'descope', baseUrl: descopeBaseUrl(config.projectId, config.baseUrl), projectId: config.projectId };
    case 'scim':
      return { type: 'scim', baseUrl: config.baseUrl, profile: config.profile };
  }
}
