import type { Stop } from '../http/index.js';
import type { DesiredTenant, GroupChange, LiveTenant, ProviderIdentity } from '../model/types.js';

export interface AppliedChange {
  /** The id of the group the change produced or touched. */
  groupId?: string;
  /** A create that found the group already there (after a 409 or an uncertain failure) and adopted it. */
  adopted?: boolean;
}

/**
 * The port the core owns. A provider loads each tenant's live state and performs one group change at a
 * time; batching member changes within a change and retrying are its business.
 */
export interface Provider {
  readonly identity: ProviderIdentity;
  /**
   * The tenant's groups with their members, plus the users the desired tenant names (by login id or user
   * id) that exist, so the core can resolve members without another round trip.
   */
  loadTenant(desired: DesiredTenant, signal?: AbortSignal): Promise<LiveTenant>;
  /**
   * `stop.signal` aborts at once. `stop.drain` is the gentler stop (an interrupted apply): the request on the
   * wire finishes, but no retry, wait or further request of this change starts, and the change fails saying so.
   * A provider that ignores it only finishes its change in full.
   */
  applyChange(tenantId: string, change: GroupChange, stop?: Stop): Promise<AppliedChange>;
  /**
   * Called before the caller gives `change` one of its change slots: resolves once the change would not wait on
   * another change of the tenant (a tenant's first write still being checked), so a waiting change holds no
   * slot that another tenant's change could use. The function it resolves to is called once the change is over,
   * done or skipped. Optional: without it every change is ready at once.
   */
  ready?(tenantId: string, change: GroupChange, stop?: Stop): Promise<() => void>;
  /**
   * Called once the tenant's last change of the run is over: waits (bounded) until the provider's reads show what
   * the run wrote there, so a plan right after apply sees it, and never throws for a write that does not show (the
   * write went through; the next plan reads what is there). Honours `stop.drain` like applyChange. Optional: a
   * provider whose applyChange returns only once its reads show the change has nothing to wait for.
   */
  settle?(tenantId: string, stop?: Stop): Promise<void>;
  /**
   * Throws, naming every tenant of `tenantIds` whose write credential is missing, before anything is asked or
   * written. Optional: a provider whose reads already need the write credential has nothing more to check.
   */
  assertCanWrite?(tenantIds: readonly string[]): void;
  close(): Promise<void>;
}
