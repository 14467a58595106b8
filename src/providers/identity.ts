import { descopeBaseUrl } from '../model/descope-host.js';
import type { ProviderConfig, ProviderIdentity } from '../model/types.js';

/** What a plan records about the provider it was computed against: never a secret, no network. */
export function providerIdentity(config: ProviderConfig): ProviderIdentity {
  switch (config.type) {
    case 'descope':
      return { type: 'descope', baseUrl: descopeBaseUrl(config.projectId, config.baseUrl), projectId: config.projectId };
    case 'scim':
      return { type: 'scim', baseUrl: config.baseUrl, profile: config.profile };
  }
}
