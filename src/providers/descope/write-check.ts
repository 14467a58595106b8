import { GroupformError } from '../../errors.js';
import type { GroupChange } from '../../model/types.js';
import type { Stop } from '../../http/index.js';
import type { AppliedChange } from '../provider.js';
import type { WireGroup } from './wire.js';
import { waitUntil } from './write-visibility.js';

/** Whether the group as group/members shows it (undefined: not there) reflects the change. */
export function reflects(change: GroupChange, shown: WireGroup | undefined): boolean {
  if (change.action === 'delete') return shown === undefined;
  if (shown === undefined || shown.display !== change.group) return false;
  const members = new Set((shown.members ?? []).map((m) => m.userId));
  return change.add.every((m) => members.has(m.userId)) && change.remove.every((m) => !members.has(m.userId));
}

const writesMembers = (change: GroupChange) => change.action !== 'delete' && change.add.length > 0;

const writtenGroup = (change: GroupChange, applied: AppliedChange): string | undefined =>
  applied.groupId ?? (change.action === 'create' ? undefined : change.groupId);

/** What checking one tenant's writes needs: its groups as the management API shows them now. */
export interface WriteCheckSource {
  tenantId: string;
  /** group/members for the group (scoped to the tenant's SSO configuration); undefined when it is not there. */
  readGroup(groupId: string, stop: Stop): Promise<WireGroup | undefined>;
  /** group/all for the tenant, in the same scope. */
  readGroups(stop: Stop): Promise<WireGroup[]>;
  /** How many groups the tenant's load saw: what one group/all costs next to reading groups one by one. */
  groupCount(): number;
  waitMs: number;
  debug?: (line: string) => void;
}

// One group/all answers for every group of the tenant; it is read instead of one group/members per group once
// the groups to check are at least this fraction of the tenant's (and more than one).
const ALL_GROUPS_FROM = 1 / 10;

interface PendingCheck {
  change: GroupChange;
  groupId: string;
}

/**
 * Makes sure the management API shows what was written, so a plan right after apply sees what apply did despite
 * Descope's read-after-write lag. The tenant's first write that adds members is checked at once: that a SCIM
 * member `value` is the Descope user id is inferred, not documented, so if the ids never show in the group the
 * tenant stops with SCIM_MEMBERS_NOT_APPLIED instead of reporting success while the next plan repeats the adds.
 * Until that write is judged, the tenant's other member-adding writes wait for it. Every other write is only
 * waited for, all of the tenant's together once its last change is over (settle), in as few reads as that takes.
 */
export class TenantWriteCheck {
  /** The member-adding change that is, or will be, the judged write, and what settles once it is over. */
  #judging: { change: GroupChange; over: Promise<void>; end: () => void } | undefined;
  #membersConfirmed = false;
  /** Set once the first member-adding write did not show: the tenant gets no further write. */
  #refusal: GroupformError | undefined;
  /** Writes that went through and are not read back yet. */
  #unsettled: PendingCheck[] = [];

  constructor(private readonly source: WriteCheckSource) {}

  /**
   * Before `change` is given a slot: waits while another member-adding write is being judged, or claims the
   * judging for `change`, so the tenant's other changes wait here rather than in slots. The function returned
   * gives back a claim `change` never used (it was skipped).
   */
  async ready(change: GroupChange): Promise<() => void> {
    if (writesMembers(change)) {
      while (!this.#membersConfirmed && this.#refusal === undefined && this.#judging?.change !== change) {
        if (this.#judging === undefined) {
          this.#claim(change);
          break;
        }
        await this.#judging.over;
      }
    }
    return () => {
      if (this.#judging?.change === change) this.#release();
    };
  }

  async write(change: GroupChange, stop: Stop, write: () => Promise<AppliedChange>): Promise<AppliedChange> {
    if (this.#refusal !== undefined) throw this.#refusal;
    if (!writesMembers(change) || this.#membersConfirmed) return this.#later(change, await write());
    if (this.#judging?.change !== change) {
      while (this.#judging !== undefined) {
        await this.#judging.over;
        if (this.#membersConfirmed) return this.#later(change, await write());
      }
      if (this.#refusal !== undefined) throw this.#refusal;
      this.#claim(change);
    }
    try {
      const applied = await write();
      const shown = await this.#shows(change, applied, stop);
      if (shown === 'no') throw (this.#refusal = this.#notApplied(change, applied));
      // Not judged (interrupted before the read-back): the next member-adding write checks instead.
      if (shown === 'yes') this.#membersConfirmed = true;
      return applied;
    } finally {
      this.#release();
    }
  }

  #claim(change: GroupChange): void {
    let end!: () => void;
    const over = new Promise<void>((resolve) => (end = resolve));
    this.#judging = { change, over, end };
  }

  #release(): void {
    const judging = this.#judging;
    this.#judging = undefined;
    judging?.end();
  }

  /**
   * Once the tenant's last change is over: waits (bounded) until the management API shows every write not read
   * back yet. One that never shows is only reported (--debug): the write went through, and the next plan, which
   * reads the same API, will say what is left.
   */
  async settle(stop: Stop): Promise<void> {
    const checks = this.#unsettled.splice(0);
    if (checks.length === 0) return;
    const left = await this.#unshown(checks, stop);
    for (const { change } of left ?? []) {
      this.source.debug?.(`descope tenant ${this.source.tenantId}: the management API does not show the ${change.action} of "${change.group}" yet`);
    }
  }

  #later(change: GroupChange, applied: AppliedChange): AppliedChange {
    const groupId = writtenGroup(change, applied);
    if (groupId !== undefined) this.#unsettled.push({ change, groupId });
    return applied;
  }

  async #shows(change: GroupChange, applied: AppliedChange, stop: Stop): Promise<'yes' | 'no' | 'skipped'> {
    const groupId = writtenGroup(change, applied);
    if (groupId === undefined) return 'yes';
    const left = await this.#unshown([{ change, groupId }], stop);
    if (left === undefined) return 'skipped';
    return left.length === 0 ? 'yes' : 'no';
  }

  /**
   * The checks the management API still does not show once the wait is over; undefined when nothing was judged:
   * interrupted (the write happened, and a stopping run sends nothing more), or a read failed even after the
   * client's retries (a fault proves nothing either way).
   */
  async #unshown(checks: readonly PendingCheck[], stop: Stop): Promise<PendingCheck[] | undefined> {
    const stopping = () => stop.drain?.aborted === true || stop.signal?.aborted === true;
    if (stopping()) return undefined;
    let left = [...checks];
    try {
      await waitUntil(
        async () => {
          if (stopping()) return true;
          const shown = await this.#read(left.map((c) => c.groupId), stop);
          left = left.filter((c) => !reflects(c.change, shown.get(c.groupId)));
          return left.length === 0;
        },
        this.source.waitMs,
        stop.signal,
      );
      return stopping() ? undefined : left;
    } catch (error) {
      const what = left.length === 1 && left[0] !== undefined ? `"${left[0].change.group}" back after the ${left[0].change.action}` : `${left.length} groups back after their changes`;
      this.source.debug?.(`descope tenant ${this.source.tenantId}: reading ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** The groups as the management API shows them now (absent: not there), in one group/all where that is cheaper. */
  async #read(groupIds: readonly string[], stop: Stop): Promise<Map<string, WireGroup>> {
    const one = async (groupId: string) => [groupId, await this.source.readGroup(groupId, stop)] as const;
    const readEach = async (ids: readonly string[]) => (await Promise.all(ids.map(one))).flatMap(([id, group]) => (group === undefined ? [] : [[id, group] as const]));
    if (groupIds.length < 2 || groupIds.length < this.source.groupCount() * ALL_GROUPS_FROM) return new Map(await readEach(groupIds));
    const all = new Map((await this.source.readGroups(stop)).map((g) => [g.id, g]));
    // group/all may leave members out (on some projects it always does): those groups are read one by one.
    const withoutMembers = groupIds.filter((id) => all.get(id) !== undefined && all.get(id)?.members === undefined);
    for (const id of withoutMembers) all.delete(id);
    for (const [id, group] of await readEach(withoutMembers)) all.set(id, group);
    return all;
  }

  #notApplied(change: GroupChange, applied: AppliedChange): GroupformError {
    const { tenantId, waitMs } = this.source;
    return new GroupformError(
      'SCIM_MEMBERS_NOT_APPLIED',
      `tenant ${tenantId}: Descope accepted the SCIM write of group "${change.group}" (${applied.groupId ?? '?'}), but after ${Math.round(waitMs / 1000)} s the management API ` +
        'still does not show the members it added: Descope did not take the SCIM member values as user ids. No further change is written to this tenant; ' +
        'the group is left as it is now. Run with --debug and report it; if Descope is only slow, raise provider.writeVisibilitySeconds',
    );
  }
}
