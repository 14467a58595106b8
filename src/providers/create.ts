import type { DesiredTenant, ProviderConfig } from '../model/types.js';
import type { ProviderContext } from './context.js';
import { createDescopeProvider } from './descope/provider.js';
import type { Provider } from './provider.js';
import { createScimProvider } from './scim/provider.js';

export function createProvider(config: ProviderConfig, tenants: readonly DesiredTenant[], context: ProviderContext): Provider {
  switch (config.type) {
    case 'descope':
      return createDescopeProvider(config, tenants, context);
    case 'scim':
      return createScimProvider(config, tenants, context);
  }
}
