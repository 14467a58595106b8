// STUB (issue 4): signatures fixed; implementation in progress.
import { GroupformError } from '../../errors.js';
import type { DescopeProviderConfig, DesiredTenant } from '../../model/types.js';
import type { ProviderContext } from '../context.js';
import type { Provider } from '../provider.js';

export function createDescopeProvider(_config: DescopeProviderConfig, _tenants: readonly DesiredTenant[], _context: ProviderContext): Provider {
  throw new GroupformError('NOT_IMPLEMENTED', 'the descope provider is not implemented yet');
}
