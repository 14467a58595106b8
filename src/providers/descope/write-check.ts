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

/** What checking one tenant's writes needs: the group as the management API shows it now. */
export interface WriteCheckSource {
  tenantId: string;
  /** group/members for the group (scoped to the tenant's SSO configuration); undefined when it is not there. */
  readGroup(groupId: string, stop: Stop): Promise<WireGroup | undefined>;
  waitMs: number;
  debug?: (line: string) => void;
}

/**
 * After each write, waits (bounded) until the management API shows it, so a plan right after apply sees what
 * apply did despite Descope's read-after-write lag. The tenant's first write that adds members is a check as
 * well: that a SCIM member `value` is the Descope user id is inferred, not documented, so if the ids never show
 * in the group the tenant stops with SCIM_MEMBERS_NOT_APPLIED instead of reporting success while the next plan
 * repeats the adds. Until that write is judged, the tenant's other member-adding writes wait for it.
 */
export class TenantWriteCheck {
  /** Settles when the member-adding write being judged (or claimed for judging) is over. */
  #members: Promise<void> | undefined;
  #judged: (() => void) | undefined;
  /** The change that is, or will be, the judged write. */
  #claimed: GroupChange | undefined;
  #membersConfirmed = false;
  /** Set once the first member-adding write did not show: the tenant gets no further write. */
  #refusal: GroupformError | undefined;

  constructor(private readonly source: WriteCheckSource) {}

  /**
   * Before `change` is given a slot: waits while another member-adding write is being judged, or claims the
   * judging for `change`, so the tenant's other changes wait here rather than in slots. The function returned
   * gives back a claim `change` never used (it was skipped).
   */
  async ready(change: GroupChange): Promise<() => void> {
    if (writesMembers(change)) {
      while (!this.#membersConfirmed && this.#refusal === undefined && this.#claimed !== change) {
        if (this.#members === undefined) {
          this.#claim(change);
          break;
        }
        await this.#members;
      }
    }
    return () => {
      if (this.#claimed === change) this.#release();
    };
  }

  async write(change: GroupChange, stop: Stop, write: () => Promise<AppliedChange>): Promise<AppliedChange> {
    if (this.#refusal !== undefined) throw this.#refusal;
    if (!writesMembers(change) || this.#membersConfirmed) return this.#settled(change, await write(), stop);
    if (this.#claimed !== change) {
      while (this.#members !== undefined) {
        await this.#members;
        if (this.#membersConfirmed) return this.#settled(change, await write(), stop);
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
    this.#claimed = change;
    this.#members = new Promise<void>((resolve) => (this.#judged = resolve));
  }

  #release(): void {
    const judged = this.#judged;
    this.#claimed = undefined;
    this.#members = undefined;
    this.#judged = undefined;
    judged?.();
  }

  async #settled(change: GroupChange, applied: AppliedChange, stop: Stop): Promise<AppliedChange> {
    if ((await this.#shows(change, applied, stop)) === 'no') {
      this.source.debug?.(`descope tenant ${this.source.tenantId}: the management API does not show the ${change.action} of "${change.group}" yet`);
    }
    return applied;
  }

  /**
   * 'skipped' when nothing was judged: interrupted (the write happened, and a stopping run sends nothing more), or
   * the read-back failed even after the client's retries (a fault proves nothing either way).
   */
  async #shows(change: GroupChange, applied: AppliedChange, stop: Stop): Promise<'yes' | 'no' | 'skipped'> {
    const groupId = applied.groupId ?? (change.action === 'create' ? undefined : change.groupId);
    if (groupId === undefined) return 'yes';
    const stopping = () => stop.drain?.aborted === true || stop.signal?.aborted === true;
    if (stopping()) return 'skipped';
    try {
      const shown = await waitUntil(async () => stopping() || reflects(change, await this.source.readGroup(groupId, stop)), this.source.waitMs, stop.signal);
      if (stopping()) return 'skipped';
      return shown ? 'yes' : 'no';
    } catch (error) {
      this.source.debug?.(`descope tenant ${this.source.tenantId}: reading "${change.group}" back after the ${change.action} failed: ${error instanceof Error ? error.message : String(error)}`);
      return 'skipped';
    }
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
