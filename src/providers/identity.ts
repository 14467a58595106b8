import type { ProviderConfig, ProviderIdentity } from '../model/types.js';

const DESCOPE_DEFAULT_HOST = 'https://api.descope.com';
// Descope's SDKs (Go, Node, Python, Java, .NET): a project id of 32 characters or more carries its region in
// characters 1-4 (`P` + region + ...), and any region maps to `api.<region>.descope.com`; shorter ids use the
// default host. An explicit baseUrl always wins.
const REGION = /^[a-z0-9]{4}$/;

export function descopeBaseUrl(projectId: string, explicit?: string): string {
  if (explicit !== undefined) return explicit.replace(/\/+$/, '');
  if (projectId.length >= 32) {
    const region = projectId.slice(1, 5).toLowerCase();
    if (REGION.test(region)) return `https://api.${region}.descope.com`;
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
