import { GroupformError } from '../../errors.js';
import { groupNameKey } from '../../model/normalize.js';
import type { GroupChange } from '../../model/types.js';
import type { Stop } from '../../http/index.js';
import type { AppliedChange } from '../provider.js';
import type { CreateProbe } from '../scim/group-port.js';
import type { WireGroup as ScimGroup } from '../scim/wire.js';
import { afterWrite } from '../after-write.js';
import type { DescopeScimClient } from './client.js';
import { waitUntil } from './write-visibility.js';

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
  /** How long the management API may take to show a SCIM write (read-after-write lag). */
  waitMs: number;
}

// Enough to find one of the tenant's groups among those the key sees, in one small request.
const SAMPLE = 20;

type Verdict = 'verified' | 'unconfirmed' | 'wrong';

/**
 * A Descope SCIM key selects its tenant (docs/providers.md): SCIM requests carry no tenant id, so another tenant's key
 * writes into that tenant, and every group id of this one is a 404 there (which a delete would take as "gone").
 * Before a tenant's first write, and once per run, the groups the key sees are compared with the groups the
 * management API lists for the tenant (group ids are unique within a project; the name is compared as well):
 * - the key sees one of the tenant's groups: it is the tenant's key;
 * - it sees groups, none of them the tenant's, or sees nothing while the tenant has groups SCIM writes: another
 *   tenant's (judged again on a fresh management read, so groups changed since the load do not count against it);
 * - it sees nothing and the tenant has no such group either (a new tenant, or only `jit` groups, which SCIM may
 *   not show): nothing tells the two apart before a write. Then the tenant's first create runs alone as the probe
 *   (CreateProbe): it creates the group without members, the management API must show it in this tenant before
 *   any member is added, and if it does not, it is deleted again with the same key (it went to the key's tenant)
 *   and the key is refused. A user of this tenant never lands in another tenant's group, whose roles SSO would
 *   grant. A delete's 404 there is checked the same way.
 */
export class TenantKeyCheck {
  #verdict: Promise<Verdict> | undefined;
  /** The running probe: 'confirmed', or 'open' when it settled nothing (the next create probes again). */
  #probe: Promise<'confirmed' | 'open'> | undefined;

  constructor(private readonly source: KeyCheckSource) {}

  /** Runs `write` once the key is known to be the tenant's, or as the probe that finds out. */
  async write(change: GroupChange, stop: Stop, write: (probe?: CreateProbe) => Promise<AppliedChange>): Promise<AppliedChange> {
    const verdict = await this.#judge(stop);
    if (verdict === 'verified' || change.action !== 'create') return write();
    for (let probe = this.#probe; probe !== undefined; probe = this.#probe) {
      if ((await probe) === 'confirmed') return write();
    }
    return this.#probeWith(write);
  }

  /** Starts the check without a write: a failure is the write's to report. */
  async ready(stop: Stop): Promise<void> {
    await this.#judge(stop).catch(() => undefined);
  }

  /** After a DELETE answered 404: gone, unless the key is not verified and the management API still lists the group. */
  async confirmGone(groupId: string, stop: Stop): Promise<void> {
    // A delete that lags behind shows as gone in time; a group the key cannot reach never does.
    if (await waitUntil(async () => !(await this.source.hasGroup(groupId, stop)), this.source.waitMs, stop.signal)) return;
    const { tenantId } = this.source;
    if ((await this.#judge(stop)) !== 'verified') throw this.#wrongTenant(`it cannot see group ${groupId}, which the management API lists in tenant ${tenantId}`);
    throw new GroupformError(
      'GROUP_NOT_DELETED',
      `deleting group ${groupId} of tenant ${tenantId} was answered 404 (not found), yet the management API still lists it: the tenant's SCIM key cannot reach it, so it is not counted as deleted. ` +
        'A SCIM key writes one SSO configuration of its tenant: set the tenant\'s ssoId to the configuration the key belongs to, or use that configuration\'s key',
    );
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
    // Judged again on fresh reads, for as long as a SCIM write may take to show in the management API: groups
    // written since the load (or still on their way) do not count against the key.
    if (verdict === 'wrong') await waitUntil(async () => (verdict = judge(await this.source.currentGroups(stop))) !== 'wrong', this.source.waitMs, stop.signal);
    if (verdict !== 'wrong') return verdict;
    const evidence =
      seen.length === 0
        ? `it sees none of the groups the management API lists in tenant ${this.source.tenantId}`
        : `the groups it sees (${seen.map((g) => g.id).join(', ')}) are not the groups the management API lists in tenant ${this.source.tenantId}`;
    throw this.#wrongTenant(evidence);
  }

  async #probeWith(write: (probe: CreateProbe) => Promise<AppliedChange>): Promise<AppliedChange> {
    let settle!: (outcome: 'confirmed' | 'open') => void;
    let refuse!: (error: unknown) => void;
    const probe = new Promise<'confirmed' | 'open'>((resolve, reject) => ((settle = resolve), (refuse = reject)));
    probe.catch(() => {});
    this.#probe = probe;
    let confirmed = false;
    // Confirmed: the creates waiting for the verdict go ahead while this one adds its members.
    const confirm = async (check: Promise<void>): Promise<void> => {
      await check;
      confirmed = true;
      this.#verdict = Promise.resolve('verified');
      settle('confirmed');
    };
    const open = (): void => {
      if (this.#probe === probe) this.#probe = undefined;
      settle('open');
    };
    let applied: AppliedChange;
    try {
      applied = await write({
        confirmCreated: (group, stop) => confirm(this.#confirmCreated(group, stop)),
        confirmFound: (group, madeByProbe, stop) => confirm(this.#confirmFound(group, madeByProbe, stop)),
      });
    } catch (error) {
      if (confirmed) throw error;
      if (!isWrongTenant(error)) {
        // Nothing settled (no group, or none confirmed either way): the tenant's next create probes again.
        open();
        throw error;
      }
      refuse(error);
      this.#verdict = Promise.reject(error);
      this.#verdict.catch(() => {});
      throw error;
    }
    if (!confirmed) open();
    return applied;
  }

  async #confirmCreated(group: ScimGroup, stop: Stop): Promise<void> {
    const hard: Stop = { signal: stop.signal };
    if (await this.#shows(group.id, hard, `group "${group.displayName}" was created (${group.id}) without members`)) return;
    throw await this.#deleteAgain(group.id, `the group it created, "${group.displayName}" (${group.id}),`, hard);
  }

  async #confirmFound(group: ScimGroup, madeByProbe: boolean, stop: Stop): Promise<void> {
    const hard: Stop = { signal: stop.signal };
    const found = `group "${group.displayName}" (${group.id}), found by name after the create failed,`;
    if (await this.#shows(group.id, hard, `${found} was left unchanged`)) return;
    // Provably this create's own (same name, no members, and the key saw no group before): taken back.
    if (madeByProbe) throw await this.#deleteAgain(group.id, found, hard);
    throw this.#unconfirmed(`${found} does not show in tenant ${this.source.tenantId}; it may be someone's, so it was left unchanged, and no member was added`);
  }

  /** Whether the management API shows the group in the tenant, asked again with backoff while a write may lag. */
  async #shows(groupId: string, hard: Stop, written: string): Promise<boolean> {
    try {
      return await waitUntil(() => this.source.hasGroup(groupId, hard), this.source.waitMs, hard.signal);
    } catch (error) {
      throw afterWrite(error, `${written}, and whether it is in tenant ${this.source.tenantId} could not be checked: no member was added, and the tenant's next create checks its SCIM key again`);
    }
  }

  /** The probe's own group (empty, made by this run) is taken back: it may have gone to another tenant. */
  async #deleteAgain(groupId: string, what: string, hard: Stop): Promise<GroupformError> {
    const where = `${what} does not show in tenant ${this.source.tenantId}`;
    try {
      await this.source.scim.deleteGroup(groupId, hard);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return this.#unconfirmed(`${where}, and deleting it again failed (${reason}); no member was added`);
    }
    return this.#unconfirmed(`${where}; it was deleted again (it had no members) and no member was added`);
  }

  #unconfirmed(evidence: string): GroupformError {
    const { tenantId, origin } = this.source;
    const seconds = Math.round(this.source.waitMs / 1000);
    return new GroupformError(
      'SCIM_KEY_UNCONFIRMED',
      `the SCIM key of tenant ${tenantId} from ${origin} could not be confirmed as this tenant's within ${seconds} s: ${evidence}. ` +
        `Either Descope is slow to show SCIM writes (raise provider.writeVisibilitySeconds and run again) or the key belongs to another tenant or SSO configuration (check ${origin})`,
    );
  }

  #wrongTenant(evidence: string): GroupformError {
    const { tenantId, origin } = this.source;
    return new GroupformError(
      'SCIM_KEY_WRONG_TENANT',
      `the SCIM key of tenant ${tenantId} from ${origin} belongs to another tenant (or another SSO configuration of it): ${evidence}. Nothing is written with it; set tenant ${tenantId}'s own SCIM access key there`,
    );
  }
}

/** A verdict on the key (wrong, or not confirmable in time): it stands for the run, and nothing more is written with it. */
function isWrongTenant(error: unknown): boolean {
  return error instanceof GroupformError && (error.code === 'SCIM_KEY_WRONG_TENANT' || error.code === 'SCIM_KEY_UNCONFIRMED');
}
