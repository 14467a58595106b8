import { GroupformError } from '../errors.js';
import type { AssertedMembers, GroupChange, Plan, TenantPlan, UpdateChange } from '../model/types.js';
import type { Provider } from '../providers/provider.js';
import { writtenBefore, type WrittenPart } from '../providers/written.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import type { Journal, JournalRecord } from '../saved-plan/journal.js';
import { changeKey, type ResumeStep } from '../saved-plan/resume.js';
import { RequestLimiter } from '../http/index.js';
import { countChanges } from '../plan/compute.js';

/** already-done: an earlier run of this same plan did it (per its journal, checked against the live state). */
export type ChangeStatus = 'done' | 'failed' | 'skipped' | 'already-done';

export interface ChangeOutcome {
  tenant: string;
  /** What this run performed: the planned change, or what was left of it after an interrupted run. */
  change: GroupChange;
  status: ChangeStatus;
  /** The group id a create produced or adopted. */
  groupId?: string;
  adopted?: boolean;
  /** failed: the error's message; skipped: why (interrupted, blocked, ...); already-done: how that is known. */
  reason?: string;
  /** The adds of members the plan lists as asserted (TenantPlan.asserted): not a planned change, never journalled. */
  reasserted?: true;
  /** failed: what its requests wrote before the failure, where the provider counted it (the summary counts it too). */
  written?: WrittenPart;
}

export interface ApplySummary {
  groupsCreated: number;
  groupsUpdated: number;
  groupsDeleted: number;
  membersAdded: number;
  membersRemoved: number;
  /** Asserted members whose adds were sent again (not counted as added: they may have been members already). */
  membersReasserted: number;
  failed: number;
  skipped: number;
  alreadyDone: number;
}

export interface ApplyResult {
  /** In plan order. */
  outcomes: ChangeOutcome[];
  summary: ApplySummary;
  /** The run stopped early on the abort signal. */
  interrupted: boolean;
}

/** What applyPlan reports as it goes (the terminal's progress bar is one; an API caller may pass its own). */
export interface ApplyObserver {
  /** Before the first change starts: how many changes the plan holds. */
  begin(total: number): void;
  started(tenant: string, change: GroupChange): void;
  /** Every change ends here once: done, failed, skipped or already done. */
  finished(outcome: ChangeOutcome): void;
}

export interface ApplyOptions {
  tenantConcurrency: number;
  /** Changes in flight across all tenants; default tenantConcurrency (the HTTP layer bounds requests separately). */
  changeConcurrency?: number;
  /** Default: reports nowhere. */
  progress?: ApplyObserver;
  journal?: Journal;
  /** On abort, no new change starts, and those in flight finish the request on the wire but start no other. */
  signal?: AbortSignal;
  /** The plan id the user acknowledged: a blocked tenant is applied only when it is this plan's. */
  acknowledge?: string;
  /** From the journal of an earlier, interrupted run of this same plan (checkSavedPlan), keyed by changeKey. */
  resume?: ReadonlyMap<string, ResumeStep>;
}

export const INTERRUPTED = 'interrupted';
const silentObserver: ApplyObserver = { begin() {}, started() {}, finished() {} };
// Asserted members after the updates (never two writes to one group at once), before the deletes.
const PHASES: readonly (GroupChange['action'] | 'reassert')[] = ['create', 'update', 'reassert', 'delete'];

/**
 * Performs a plan: per tenant creates, then updates, then deletes (each phase finishes before the next, its
 * changes run concurrently), then the provider's settle waits for them to show; tenants concurrently. A failed
 * change does not stop the others: every change gets an outcome. An error that is a bug is recorded, stops new
 * changes, and is rethrown at the end.
 */
export async function applyPlan(plan: Plan, provider: Provider, options: ApplyOptions): Promise<ApplyResult> {
  const { journal, signal } = options;
  const progress = options.progress ?? silentObserver;
  // The same FIFO semaphore that bounds requests in flight bounds changes in flight.
  const slots = new RequestLimiter(Math.max(1, options.changeConcurrency ?? options.tenantConcurrency));
  const outcomes: ChangeOutcome[][] = plan.tenants.map(() => []);
  let stopReason: string | undefined;
  let bug: { error: unknown } | undefined;
  const whyStop = (): string | undefined => (signal?.aborted === true ? INTERRUPTED : stopReason);
  // The interrupt is a drain, not an abort: the request on the wire finishes (cutting it would leave a write
  // whose outcome nobody knows), but the change starts nothing more, no retry, batch or second attempt.
  const drainOnInterrupt = signal === undefined ? {} : { drain: signal };
  // Waiting for a tenant's writes to show holds no tenant slot: the next tenant's changes go meanwhile.
  const settling: Promise<void>[] = [];

  const record = async (
    tenant: string,
    change: GroupChange,
    status: JournalRecord['status'],
    extra: { groupId?: string | undefined; error?: string | undefined } = {},
  ): Promise<void> => {
    if (journal === undefined) return;
    const groupId = extra.groupId ?? plannedGroupId(change);
    try {
      await journal.record({
        tenant,
        action: change.action,
        group: change.group,
        ...(groupId === undefined ? {} : { groupId }),
        status,
        ...(extra.error === undefined ? {} : { error: extra.error }),
      });
    } catch (error) {
      // Without a journal the next run could not tell what this one did: stop rather than carry on unrecorded.
      stopReason ??= error instanceof Error ? error.message : String(error);
      throw error;
    }
  };

  // A change waiting on its provider (another change of the tenant being checked) waits before it takes a slot.
  const inSlot = async (tenant: string, change: GroupChange, run: () => Promise<void>): Promise<void> => {
    const over = (await provider.ready?.(tenant, change, drainOnInterrupt).catch(() => undefined)) ?? (() => {});
    const release = await slots.acquire();
    try {
      await run();
    } finally {
      release();
      over();
    }
  };

  // A failure that is not the user's (nor the provider's) is a bug: recorded, and no new change starts.
  const noteBug = (error: unknown): void => {
    if (isUserFacing(error)) return;
    bug ??= { error };
    stopReason ??= 'not started after an internal error';
  };

  const settle = (ti: number, ci: number, outcome: ChangeOutcome): void => {
    (outcomes[ti] as ChangeOutcome[])[ci] = outcome;
    progress.finished(outcome);
  };

  const skip = async (ti: number, ci: number, tenant: string, change: GroupChange, reason: string): Promise<void> => {
    settle(ti, ci, { tenant, change, status: 'skipped', reason });
    await record(tenant, change, 'skipped', { error: reason }).catch(() => {});
  };

  const runChange = async (ti: number, ci: number, tenant: string, planned: GroupChange, blocked?: string): Promise<void> => {
    if (blocked !== undefined) return skip(ti, ci, tenant, planned, blocked);
    const step = options.resume?.get(changeKey(tenant, planned));
    if (step?.kind === 'done') {
      const done: ChangeOutcome = { tenant, change: planned, status: 'already-done', reason: step.reason, ...definedGroupId(step.groupId) };
      if (step.adopted === true) done.adopted = true;
      return settle(ti, ci, done);
    }
    const change = step?.kind === 'residual' ? step.change : planned;
    return inSlot(tenant, change, async () => {
      const stop = whyStop();
      if (stop !== undefined) return await skip(ti, ci, tenant, change, stop);
      try {
        await record(tenant, change, 'started');
      } catch (error) {
        return await skip(ti, ci, tenant, change, `not started: ${describeError(error)}`);
      }
      // The interrupt may have come while the journal was being written: nothing was sent yet.
      const late = whyStop();
      if (late !== undefined) return await skip(ti, ci, tenant, change, late);
      progress.started(tenant, change);
      let outcome: ChangeOutcome;
      let failure: string | undefined;
      try {
        const applied = await provider.applyChange(tenant, change, drainOnInterrupt);
        outcome = { tenant, change, status: 'done', ...definedGroupId(applied.groupId ?? plannedGroupId(change)) };
        if (applied.adopted === true || step?.adopted === true) outcome.adopted = true;
      } catch (error) {
        outcome = { tenant, change, status: 'failed', reason: describeFailure(error, signal?.aborted === true) };
        const written = writtenBefore(error);
        if (written !== undefined) outcome.written = written;
        failure = describeError(error);
        noteBug(error);
      }
      settle(ti, ci, outcome);
      const extra = { groupId: outcome.groupId, error: failure };
      await record(tenant, change, outcome.status === 'done' ? 'done' : 'failed', extra).catch(() => {});
    });
  };

  // Idempotent and outside the plan's changes: no journal, no resume, only the outcome.
  const runReassert = async (ti: number, index: number, tenant: string, entry: AssertedMembers, blocked?: string): Promise<void> => {
    const change = reassertChange(entry);
    const base = { tenant, change, reasserted: true } as const;
    if (blocked !== undefined) return settle(ti, index, { ...base, status: 'skipped', reason: blocked });
    return inSlot(tenant, change, async () => {
      const stop = whyStop();
      if (stop !== undefined) return settle(ti, index, { ...base, status: 'skipped', reason: stop });
      progress.started(tenant, change);
      try {
        await provider.applyChange(tenant, change, drainOnInterrupt);
        settle(ti, index, { ...base, status: 'done', groupId: entry.groupId });
      } catch (error) {
        settle(ti, index, { ...base, status: 'failed', reason: describeFailure(error, signal?.aborted === true) });
        noteBug(error);
      }
    });
  };

  const applyTenant = async (tenantPlan: TenantPlan, ti: number): Promise<void> => {
    const blocked =
      tenantPlan.blocked.length > 0 && options.acknowledge !== plan.planId ? 'blocked by a safety rule and not acknowledged' : undefined;
    for (const phase of PHASES) {
      const runs: Promise<void>[] = [];
      if (phase === 'reassert') {
        const after = tenantPlan.changes.length;
        (tenantPlan.asserted ?? []).forEach((entry, ai) => runs.push(runReassert(ti, after + ai, tenantPlan.tenant, entry, blocked)));
      }
      tenantPlan.changes.forEach((change, ci) => {
        if (change.action === phase) runs.push(runChange(ti, ci, tenantPlan.tenant, change, blocked));
      });
      await Promise.all(runs);
    }
    if (provider.settle !== undefined) settling.push(provider.settle(tenantPlan.tenant, drainOnInterrupt));
  };

  // Before the first journal line and the first request: a missing credential must not leave a half-done apply.
  provider.assertCanWrite?.(tenantsWithChanges(plan));
  progress.begin(plan.tenants.reduce((n, t) => n + t.changes.length + (t.asserted?.length ?? 0), 0));
  const settled = [...(await mapConcurrent(plan.tenants, options.tenantConcurrency, applyTenant)), ...(await Promise.allSettled(settling))];
  const crashed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (crashed !== undefined) throw crashed.reason;
  if (bug !== undefined) throw bug.error;
  const flat = outcomes.flat();
  return { outcomes: flat, summary: summarizeOutcomes(flat), interrupted: signal?.aborted === true };
}

/** What really happened: done changes, and the part of failed ones their provider saw go through. */
export function summarizeOutcomes(outcomes: readonly ChangeOutcome[]): ApplySummary {
  const count = (status: ChangeStatus): number => outcomes.filter((o) => o.status === status).length;
  const done = countChanges(outcomes.filter((o) => o.status === 'done' && o.reasserted !== true).map((o) => o.change));
  const partial = outcomes.flatMap((o) => (o.written === undefined || o.reasserted === true ? [] : [{ action: o.change.action, ...o.written }]));
  const touched = (p: (typeof partial)[number]) => p.attributesChanged || p.membersAdded > 0 || p.membersRemoved > 0;
  return {
    groupsCreated: done.groupsToCreate + partial.filter((p) => p.action === 'create' && p.groupCreated).length,
    groupsUpdated: done.groupsToUpdate + partial.filter((p) => p.action === 'update' && touched(p)).length,
    groupsDeleted: done.groupsToDelete,
    membersAdded: done.membersToAdd + partial.reduce((n, p) => n + p.membersAdded, 0),
    membersRemoved: done.membersToRemove + partial.reduce((n, p) => n + p.membersRemoved, 0),
    membersReasserted: outcomes.filter((o) => o.status === 'done' && o.reasserted === true).reduce((n, o) => n + o.change.add.length, 0),
    failed: count('failed'),
    skipped: count('skipped'),
    alreadyDone: count('already-done'),
  };
}

/** The tenants apply writes to: those with changes, and those where it re-asserts members. */
export function tenantsWithChanges(plan: Plan): string[] {
  return plan.tenants.filter((t) => t.changes.length > 0 || (t.asserted?.length ?? 0) > 0).map((t) => t.tenant);
}

/** The write that re-asserts members: an additive update adding them, as a planned add would be sent. */
function reassertChange(entry: AssertedMembers): UpdateChange {
  return { action: 'update', group: entry.group, groupId: entry.groupId, membersMode: 'additive', add: entry.members, remove: [] };
}

/** A user-facing failure (a provider's typed error, or an abort) rather than a bug in groupform. */
function isUserFacing(error: unknown): boolean {
  if (error instanceof GroupformError) return true;
  return error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function plannedGroupId(change: GroupChange): string | undefined {
  return change.action === 'create' ? undefined : change.groupId;
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DOMException && error.name === 'AbortError') return message.startsWith(INTERRUPTED) ? message : INTERRUPTED;
  return message;
}

/**
 * `CODE: message`, as groupform prints every error (docs/errors.md explains each code). After an interrupt the
 * failure says so: the interrupt is usually why the change stopped (not retried, not continued).
 */
function describeFailure(error: unknown, interrupted: boolean): string {
  const text = describeError(error);
  if (text.startsWith(INTERRUPTED)) return text;
  const coded = error instanceof GroupformError ? `${error.code}: ${text}` : text;
  return interrupted ? `${INTERRUPTED}: ${coded}` : coded;
}

function definedGroupId(groupId: string | undefined): { groupId?: string } {
  return groupId === undefined ? {} : { groupId };
}
