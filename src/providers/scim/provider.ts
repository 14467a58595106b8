// STUB (issue 5): signatures fixed; implementation in progress.
import { GroupformError } from '../../errors.js';
import type { DesiredTenant, ScimProviderConfig } from '../../model/types.js';
import type { ProviderContext } from '../context.js';
import type { Provider } from '../provider.js';

export function createScimProvider(_config: ScimProviderConfig, _tenants: readonly DesiredTenant[], _context: ProviderContext): Provider {
  throw new GroupformError('NOT_IMPLEMENTED', 'the scim provider is not implemented yet');
}
