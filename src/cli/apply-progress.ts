import type { ApplyObserver, ChangeOutcome } from '../apply/apply-plan.js';
import type { GroupChange } from '../model/types.js';
import { describeChange, describeChangeBriefly, describeReason } from '../render/apply-labels.js';
import { printable } from '../util/printable.js';
import type { OutputStream } from './io.js';
import { createStatusLine, type StatusLine } from './status-line.js';

const BAR_CELLS = 10;
const GREEN = '\x1b[32m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

export interface ApplyProgressOptions {
  color: boolean;
  /** A terminal: one bar redrawn in place. Elsewhere: one line per finished change, for logs. */
  interactive: boolean;
  /** Redraws of the bar closer together than this are dropped (a terminal cannot show them anyway). */
  minRedrawMs?: number;
}

/**
 * Progress of an apply on stderr: `[#####-----] 12/40 changes · tenant T1 · update "Eng"` on a terminal, and
 * `✓ T1 create group "Platform" (+3 members)` per change elsewhere. Failures are printed as lines either way.
 * Skipped changes are left to the summary, which lists them.
 */
export class ApplyProgress implements ApplyObserver {
  private total = 0;
  private finishedCount = 0;
  private current = '';
  private readonly bar: StatusLine;

  constructor(
    readonly stream: OutputStream,
    readonly options: ApplyProgressOptions,
  ) {
    this.bar = createStatusLine(stream, options.minRedrawMs ?? 80, options.interactive);
  }

  begin(total: number): void {
    this.total = total;
    this.finishedCount = 0;
  }

  started(tenant: string, change: GroupChange): void {
    this.current = `tenant ${printable(tenant)} · ${describeChangeBriefly(change)}`;
    this.drawBar(false);
  }

  finished(outcome: ChangeOutcome): void {
    this.finishedCount += 1;
    const line = this.describeOutcome(outcome);
    if (this.options.interactive) {
      if (outcome.status === 'failed') {
        this.clearBar();
        this.stream.write(`${line}\n`);
      }
      this.drawBar(outcome.status === 'failed');
    } else if (outcome.status !== 'skipped') {
      this.stream.write(`${line}\n`);
    }
  }

  finish(): void {
    this.clearBar();
  }

  private describeOutcome(outcome: ChangeOutcome): string {
    const what = `${describeChange(outcome.tenant, outcome.change)}${outcome.reasserted === true ? ' (asserted, unverifiable)' : ''}`;
    switch (outcome.status) {
      case 'done':
        return `${this.paint(GREEN, '✓')} ${what}${outcome.adopted === true ? ' (adopted the existing group)' : ''}`;
      case 'already-done':
        return `${this.paint(GREEN, '✓')} ${what}: ${describeReason(outcome.reason ?? 'already done')}`;
      case 'failed':
        return `${this.paint(RED, '✗')} ${what}: ${describeReason(outcome.reason ?? 'failed')}`;
      case 'skipped':
        return `- ${what}: skipped (${describeReason(outcome.reason ?? '')})`;
    }
  }

  private drawBar(force: boolean): void {
    if (this.total === 0) return;
    const filled = Math.round((this.finishedCount / this.total) * BAR_CELLS);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_CELLS - filled)}] ${this.finishedCount}/${this.total} changes`;
    this.bar.update(this.current === '' ? bar : `${bar} · ${this.current}`, force);
  }

  private clearBar(): void {
    this.bar.clear();
  }

  private paint(colour: string, text: string): string {
    return this.options.color ? `${colour}${text}${RESET}` : text;
  }
}
