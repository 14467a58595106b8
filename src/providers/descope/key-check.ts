import { GroupformError } from '../../errors.js';
import { groupNameKey } from '../../model/normalize.js';
import type { GroupChange } from '../../model/types.js';
import type { Stop } from '../http/drain.js';
import type { AppliedChange } from '../provider.js';
import type { DescopeScimClient } from './client.js';

/** A group as the management API lists it for the tenant. */
export interface ManagedGroup {
  id: string;
  name: string;
  source?: string | undefined;
}

/** What checking one tenant's SCIM key needs; the management API is the authority on which groups a tenant has. */
export interface KeyCheckSource {
  tenantId: string;
  /** Where the key came from (`${T1_SCIM_KEY}`): errors name it, never the key. */
  origin: string;
  scim: DescopeScimClient;
  /** The tenant's groups as the load saw them, or read now when it did not. */
  loadedGroups(stop: Stop): Promise<readonly ManagedGroup[]>;
  /** Read now: the load may be minutes old. */
  currentGroups(stop: Stop): Promise<readonly ManagedGroup[]>;
  /** Whether the management API shows this group id in the tenant. */
  hasGroup(groupId: string, stop: Stop): Promise<boolean>;
}

// Enough to find one of the tenant's groups among those the key sees, in one small request.
const SAMPLE = 20;

type Verdict = 'verified' | 'unconfirmed' | 'wrong';

/**
 * A Descope SCIM key selects its tenant (PROVIDERS.md): SCIM requests carry no tenant id, so another tenant's key
 * writes into that tenant, and every group id of this one is a 404 there (which a delete would take as "gone").
 * Before a tenant's first write, and once per run, the groups the key sees are compared with the groups the
 * management API lists for the tenant (group ids are unique within a project; the name is compared as well):
 * - the key sees one of the tenant's groups: it is the tenant's key;
 * - it sees groups, none of them the tenant's, or sees nothing while the tenant has groups SCIM writes: another
 *   tenant's (judged again on a fresh management read, so groups changed since the load do not count against it);
 * - it sees nothing and the tenant has no such group either (a new tenant, or only `jit` groups, which SCIM may
 *   not show): nothing tells the two apart before a write. Then the tenant's first create runs alone and the
 *   management API must show the new group in this tenant; if not, it is deleted again with the same key (it
 *   went to the key's tenant) and the key is refused. A delete's 404 there is checked the same way.
 */
export class TenantKeyCheck {
  #verdict: Promise<Verdict> | undefined;
  /** The first create of an unconfirmed tenant: 'confirmed', or 'open' when it created nothing to judge by. */
  #probe: Promise<'confirmed' | 'open'> | undefined;

  constructor(private readonly source: KeyCheckSource) {}

  /** Runs `write` once the key is known to be the tenant's, or as the write that finds out. */
  async write(change: GroupChange, stop: Stop, write: () => Promise<AppliedChange>): Promise<AppliedChange> {
    const verdict = await this.#judge(stop);
    if (verdict === 'verified' || change.action !== 'create') return write();
    for (let probe = this.#probe; probe !== undefined; probe = this.#probe) {
      if ((await probe) === 'confirmed') return write();
    }
    return this.#probeWith(stop, write);
  }

  /** After a DELETE answered 404: gone, unless the key is not verified and the management API still lists the group. */
  async confirmGone(groupId: string, stop: Stop): Promise<void> {
    if ((await this.#judge(stop)) === 'verified' || !(await this.source.hasGroup(groupId, stop))) return;
    throw this.#wrongTenant(`it cannot see group ${groupId}, which the management API lists in tenant ${this.source.tenantId}`);
  }

  #judge(stop: Stop): Promise<Verdict> {
    if (this.#verdict === undefined) {
      const verdict = this.#check(stop);
      this.#verdict = verdict;
      // A refusal stands for the run; a failed check (network, interrupt) is tried again by the next write.
      verdict.catch((error: unknown) => {
        if (!isWrongTenant(error) && this.#verdict === verdict) this.#verdict = undefined;
      });
    }
    return this.#verdict;
  }

  async #check(stop: Stop): Promise<Verdict> {
    const seen = await this.source.scim.firstGroups(SAMPLE, stop);
    const judge = (groups: readonly ManagedGroup[]): Verdict => {
      const names = new Map(groups.map((g) => [g.id, groupNameKey(g.name)]));
      if (seen.some((g) => names.get(g.id) === groupNameKey(g.displayName))) return 'verified';
      return seen.length > 0 || groups.some((g) => g.source !== 'jit') ? 'wrong' : 'unconfirmed';
    };
    let verdict = judge(await this.source.loadedGroups(stop));
    if (verdict === 'wrong') verdict = judge(await this.source.currentGroups(stop));
    if (verdict !== 'wrong') return verdict;
    const evidence =
      seen.length === 0
        ? `it sees none of the groups the management API lists in tenant ${this.source.tenantId}`
        : `the groups it sees (${seen.map((g) => g.id).join(', ')}) are not the groups the management API lists in tenant ${this.source.tenantId}`;
    throw this.#wrongTenant(evidence);
  }

  async #probeWith(stop: Stop, write: () => Promise<AppliedChange>): Promise<AppliedChange> {
    let settle!: (outcome: 'confirmed' | 'open') => void;
    let refuse!: (error: unknown) => void;
    const probe = new Promise<'confirmed' | 'open'>((resolve, reject) => ((settle = resolve), (refuse = reject)));
    probe.catch(() => {});
    this.#probe = probe;
    let applied: AppliedChange;
    try {
      applied = await write();
    } catch (error) {
      // Nothing to judge by: the next create of the tenant finds out instead.
      this.#probe = undefined;
      settle('open');
      throw error;
    }
    try {
      await this.#confirmCreated(applied, stop);
    } catch (error) {
      refuse(error);
      if (isWrongTenant(error)) {
        this.#verdict = Promise.reject(error);
        this.#verdict.catch(() => {});
      }
      throw error;
    }
    this.#verdict = Promise.resolve('verified');
    settle('confirmed');
    return applied;
  }

  async #confirmCreated(applied: AppliedChange, stop: Stop): Promise<void> {
    const { groupId } = applied;
    if (groupId === undefined || (await this.source.hasGroup(groupId, stop))) return;
    const where = `the group it ${applied.adopted === true ? 'adopted' : 'created'} (${groupId}) is not in tenant ${this.source.tenantId}`;
    // An adopted group was somebody's before this run: changed, but not ours to delete.
    if (applied.adopted === true) throw this.#wrongTenant(`${where}; that group, in the key's own tenant, now has this change's name and members`);
    try {
      await this.source.scim.deleteGroup(groupId, stop);
    } catch (error) {
      throw this.#wrongTenant(`${where}, and deleting it again from the key's own tenant failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw this.#wrongTenant(`${where}; it was deleted again from the key's own tenant`);
  }

  #wrongTenant(evidence: string): GroupformError {
    const { tenantId, origin } = this.source;
    return new GroupformError(
      'SCIM_KEY_WRONG_TENANT',
      `the SCIM key of tenant ${tenantId} from ${origin} belongs to another tenant: ${evidence}. Nothing is written with it; set tenant ${tenantId}'s own SCIM access key there`,
    );
  }
}

function isWrongTenant(error: unknown): boolean {
  return error instanceof GroupformError && error.code === 'SCIM_KEY_WRONG_TENANT';
}
