// STUB (issue 4): signatures fixed; implementation in progress.
import type { GroupChange, Plan } from '../model/types.js';
import type { Provider } from '../providers/provider.js';
import type { Journal } from './journal.js';
import type { ApplyProgress } from './progress.js';

export type ChangeStatus = 'done' | 'failed' | 'skipped';

export interface ChangeOutcome {
  tenant: string;
  change: GroupChange;
  status: ChangeStatus;
  /** The group id a create produced or adopted. */
  groupId?: string;
  adopted?: boolean;
  /** failed: the error's message; skipped: why (interrupted, or a change it depends on failed). */
  reason?: string;
}

export interface ApplySummary {
  groupsCreated: number;
  groupsUpdated: number;
  groupsDeleted: number;
  membersAdded: number;
  membersRemoved: number;
  failed: number;
  skipped: number;
}

export interface ApplyResult {
  outcomes: ChangeOutcome[];
  summary: ApplySummary;
}

export interface ApplyOptions {
  tenantConcurrency: number;
  progress: ApplyProgress;
  journal?: Journal;
  signal?: AbortSignal;
}

export function applyPlan(_plan: Plan, _provider: Provider, _options: ApplyOptions): Promise<ApplyResult> {
  throw new Error('not implemented');
}
