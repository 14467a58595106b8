import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type ApplyResult, type ChangeOutcome, summarizeOutcomes } from '../../../src/apply/apply-plan.js';
import { confirmApply } from '../../../src/cli/confirm.js';
import { ApplyProgress } from '../../../src/cli/apply-progress.js';
import { renderApplySummary } from '../../../src/render/apply-summary.js';
import type { CommandIo } from '../../../src/cli/io.js';
import { create, remove, update } from '../../support/changes.js';
import { fakeStream } from './fakes.js';

const resultOf = (outcomes: ChangeOutcome[], interrupted = false): ApplyResult => ({ outcomes, summary: summarizeOutcomes(outcomes), interrupted });
const done = (change: ChangeOutcome['change'], extra: Partial<ChangeOutcome> = {}): ChangeOutcome => ({ tenant: 'T1', change, status: 'done', ...extra });

describe('renderApplySummary', () => {
  it.each([
    {
      outcomes: [done(create('Platform', ['U1', 'U2', 'U3'])), done(update('Eng', 'g1', ['U4', 'U5'], ['U6'])), done(update('Ops', 'g2'))],
      text: 'Apply complete: 1 group created, 2 updated, 0 deleted; 5 members added, 1 removed.',
    },
    {
      outcomes: [done(remove('Legacy', 'g7', ['U1'])), done(update('Eng', 'g1', ['U4']))],
      text: 'Apply complete: 0 groups created, 1 updated, 1 deleted; 1 member added, 1 removed.',
    },
    {
      outcomes: [done(create('A')), { tenant: 'T1', change: create('B'), status: 'already-done', reason: 'already done per journal' } as ChangeOutcome],
      text: 'Apply complete: 1 group created, 0 updated, 0 deleted; 0 members added, 0 removed.\n1 change already done by an earlier run of this plan, not repeated.',
    },
  ])('says what was done: $text', ({ outcomes, text }) => {
    expect(renderApplySummary(resultOf(outcomes))).toBe(text);
  });

  it('lists each failed and skipped change after what was done', () => {
    const outcomes: ChangeOutcome[] = [
      done(create('Platform', ['U1'])),
      { tenant: 'T1', change: update('Eng', 'g1', ['U2'], [], 'Old Eng'), status: 'failed', reason: '503 Service Unavailable\nfrom the server' },
      { tenant: 'T2', change: remove('Legacy', 'g7', ['U3', 'U4']), status: 'skipped', reason: 'interrupted' },
    ];
    expect(renderApplySummary(resultOf(outcomes, true))).toBe(
      [
        'Applied: 1 group created, 0 updated, 0 deleted; 1 member added, 0 removed.',
        'Apply interrupted: 1 change failed, 1 skipped:',
        '  failed: T1 update group "Eng" (renamed from "Old Eng") (+1 member): 503 Service Unavailable; from the server',
        '  skipped: T2 delete group "Legacy" (-2 members) (interrupted)',
      ].join('\n'),
    );
  });

  it('says "failed" when nothing was interrupted, and escapes names that could forge lines', () => {
    const outcomes: ChangeOutcome[] = [{ tenant: 'T1', change: create('Evil\n✓ T1 ok'), status: 'failed', reason: 'no' }];
    expect(renderApplySummary(resultOf(outcomes))).toBe(
      'Applied: 0 groups created, 0 updated, 0 deleted; 0 members added, 0 removed.\nApply failed: 1 change failed, 0 skipped:\n  failed: T1 create group "Evil\\u000a✓ T1 ok": no',
    );
  });
});

describe('ApplyProgress', () => {
  const outcomes: ChangeOutcome[] = [
    done(create('Platform', ['U1', 'U2', 'U3'])),
    done(create('Adopted'), { adopted: true }),
    { tenant: 'T1', change: update('Eng', 'g1', [], ['U9']), status: 'failed', reason: '409 conflict' },
    { tenant: 'T1', change: remove('Old', 'g9'), status: 'skipped', reason: 'interrupted' },
  ];

  it('prints one line per finished change when not on a terminal (skips are left to the summary)', () => {
    const stream = fakeStream(false);
    const progress = new ApplyProgress(stream, { color: false, interactive: false });
    progress.begin(outcomes.length);
    for (const o of outcomes) {
      progress.started(o.tenant, o.change);
      progress.finished(o);
    }
    progress.finish();
    expect(stream.text()).toBe(
      [
        '✓ T1 create group "Platform" (+3 members)',
        '✓ T1 create group "Adopted" (adopted the existing group)',
        '✗ T1 update group "Eng" (-1 member): 409 conflict',
        '',
      ].join('\n'),
    );
  });

  it('colours the marks only when asked', () => {
    const stream = fakeStream(false);
    const progress = new ApplyProgress(stream, { color: true, interactive: false });
    progress.finished(outcomes[0] as ChangeOutcome);
    progress.finished(outcomes[2] as ChangeOutcome);
    expect(stream.text()).toBe('\x1b[32m✓\x1b[0m T1 create group "Platform" (+3 members)\n\x1b[31m✗\x1b[0m T1 update group "Eng" (-1 member): 409 conflict\n');
  });

  it('redraws one bar in place on a terminal, prints failures above it and clears it at the end', () => {
    const stream = fakeStream(true);
    const progress = new ApplyProgress(stream, { color: false, interactive: true, minRedrawMs: 0 });
    progress.begin(4);
    progress.started('T1', outcomes[0]!.change);
    progress.finished(outcomes[0]!);
    progress.started('T1', outcomes[2]!.change);
    progress.finished(outcomes[2]!);
    progress.finish();
    expect(stream.text().split('\r\x1b[2K')).toEqual([
      '',
      '[----------] 0/4 changes · tenant T1 · create "Platform"',
      '[###-------] 1/4 changes · tenant T1 · create "Platform"',
      '[###-------] 1/4 changes · tenant T1 · update "Eng"',
      '✗ T1 update group "Eng" (-1 member): 409 conflict\n',
      '[#####-----] 2/4 changes · tenant T1 · update "Eng"',
      '',
    ]);
  });
});

describe('confirmApply', () => {
  const ioWith = (stdin: CommandIo['stdin'], signal?: AbortSignal) => {
    const stderr = fakeStream(true);
    const io: CommandIo = { stdout: fakeStream(true), stderr, env: {}, cwd: '/', ...(stdin === undefined ? {} : { stdin }), ...(signal === undefined ? {} : { signal }) };
    return { io, stderr };
  };
  const terminal = (input?: string): PassThrough & { isTTY: boolean } => {
    const stream = Object.assign(new PassThrough(), { isTTY: true });
    if (input !== undefined) stream.end(input);
    return stream;
  };

  it.each([
    ['yes\n', true],
    ['yes\r\n', true],
    ['no\n', false],
    ['YES\n', false],
    ['y\n', false],
    ['', false],
  ])('on a terminal, answer %j gives %s', async (input, expected) => {
    const { io, stderr } = ioWith(terminal(input));
    expect(await confirmApply(io, 'Apply? ')).toBe(expected);
    expect(stderr.text()).toBe('Apply? ');
  });

  it('takes an interrupt while waiting as a no', async () => {
    const controller = new AbortController();
    const { io } = ioWith(terminal(), controller.signal);
    const answer = confirmApply(io, 'Apply? ');
    controller.abort();
    expect(await answer).toBe(false);
  });

  it.each([
    ['no stdin', undefined],
    ['a pipe', Object.assign(new PassThrough(), { isTTY: false })],
  ])('refuses without a terminal (%s) instead of waiting', async (_name, stdin) => {
    const { io, stderr } = ioWith(stdin);
    await expect(confirmApply(io, 'Apply? ')).rejects.toMatchObject({
      code: 'APPROVAL_REQUIRED',
      message: 'no terminal to confirm on: review the plan and pass --auto-approve',
    });
    expect(stderr.text()).toBe('');
  });
});
