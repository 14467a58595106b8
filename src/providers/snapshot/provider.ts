import { type Snapshot, snapshotTenantToLive } from '../../config/snapshot.js';
import { GroupformError } from '../../errors.js';
import type { DesiredTenant, LiveTenant, ProviderIdentity } from '../../model/types.js';
import type { Provider } from '../provider.js';

/** Serves `plan --live-state FILE`: live state read from a snapshot, no network, never writes. */
export function createSnapshotProvider(snapshot: Snapshot, file: string, identity: ProviderIdentity): Provider {
  return {
    identity,
    loadTenant(desired: DesiredTenant): Promise<LiveTenant> {
      const tenant = snapshot.tenants[desired.tenantId];
      if (tenant === undefined) {
        return Promise.reject(
          new GroupformError('TENANT_NOT_FOUND', `tenant ${desired.tenantId} is not in the live-state snapshot ${file}`),
        );
      }
      return Promise.resolve(snapshotTenantToLive(desired.tenantId, tenant, desired.ssoId));
    },
    applyChange(): never {
      throw new GroupformError('SNAPSHOT_READ_ONLY', 'a live-state snapshot cannot be applied to; apply against the provider');
    },
    close: () => Promise.resolve(),
  };
}
