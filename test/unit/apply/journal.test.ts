import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import { type Journal, type JournalEntry, openJournal, readJournal } from '../../../src/saved-plan/journal.js';
import { changeKey, readJournalMarks } from '../../../src/saved-plan/resume.js';
import { GroupformError } from '../../../src/errors.js';
import { create, remove, update } from '../../support/changes.js';
import { fakeProvider, planOf, providerError, quietProgress, tenant } from './fakes.js';
import { tempDir } from '../../support/in-process.js';

const tempFile = async (): Promise<string> => join(await tempDir('groupform-journal-'), 'plan.json.journal.jsonl');
const withoutTime = (entries: JournalEntry[]): Omit<JournalEntry, 'at'>[] => entries.map(({ at: _at, ...rest }) => rest);

async function applyWithJournal(path: string, plan = planOf([tenant('T1', [create('A', ['U1']), update('Eng', 'g1', [], ['U2'])])]), provider = fakeProvider(), signal?: AbortSignal) {
  const journal = await openJournal(path, plan.planId);
  try {
    return await applyPlan(plan, provider, { tenantConcurrency: 1, changeConcurrency: 1, progress: quietProgress(), journal, ...(signal === undefined ? {} : { signal }) });
  } finally {
    await journal.close();
  }
}

describe('the apply journal', () => {
  it('records each change as it starts and as it finishes, with the group id a create produced', async () => {
    const path = await tempFile();
    await applyWithJournal(path);
    expect(withoutTime(await readJournal(path))).toEqual([
      { planId: 'abc123def456', tenant: 'T1', action: 'create', group: 'A', status: 'started' },
      { planId: 'abc123def456', tenant: 'T1', action: 'create', group: 'A', groupId: 'id-A', status: 'done' },
      { planId: 'abc123def456', tenant: 'T1', action: 'update', group: 'Eng', groupId: 'g1', status: 'started' },
      { planId: 'abc123def456', tenant: 'T1', action: 'update', group: 'Eng', groupId: 'g1', status: 'done' },
    ]);
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.every((l) => typeof l.at === 'string' && !Number.isNaN(Date.parse(l.at)))).toBe(true);
  });

  it('records a failure with its message and, after an interrupt, what was skipped', async () => {
    const path = await tempFile();
    const controller = new AbortController();
    const plan = planOf([tenant('T1', [create('A'), create('B'), remove('Old', 'g9')])]);
    const provider = fakeProvider({ fail: { 'T1 create A': providerError('409 conflict') }, onCall: (c) => c === 'T1 create B' && controller.abort() });
    await applyWithJournal(path, plan, provider, controller.signal);
    expect(withoutTime(await readJournal(path)).map((e) => `${e.action} ${e.group} ${e.status}${e.error === undefined ? '' : `: ${e.error}`}`)).toEqual([
      'create A started', 'create A failed: 409 conflict', 'create B started', 'create B done', 'delete Old skipped: interrupted',
    ]);
  });

  it('appends to an existing journal, on a fresh line when a crash cut the last one short', async () => {
    const path = await tempFile();
    const first = '{"planId":"p1","tenant":"T1","action":"create","group":"A","status":"started","at":"2024-01-01T00:00:00.000Z"}\n';
    await writeFile(path, `${first}{"planId":"p1","tenant":"T1","act`);
    expect(withoutTime(await readJournal(path))).toEqual([{ planId: 'p1', tenant: 'T1', action: 'create', group: 'A', status: 'started' }]);
    const journal = await openJournal(path, 'p1');
    await journal.record({ tenant: 'T1', action: 'create', group: 'A', groupId: 'g5', status: 'done' });
    await journal.close();
    expect((await readJournal(path)).map((e) => e.status)).toEqual(['started', 'done']);
  });

  it('refuses a file that is not a journal, leaving it untouched', async () => {
    const path = await tempFile();
    await writeFile(path, '{\n  "formatVersion": 1\n}\n');
    await expect(openJournal(path, 'p1')).rejects.toMatchObject({ code: 'JOURNAL_UNREADABLE' });
    expect(await readFile(path, 'utf8')).toBe('{\n  "formatVersion": 1\n}\n');
  });

  it('reads as empty when missing, and says so when it cannot be created', async () => {
    expect(await readJournal(join(tmpdir(), 'groupform-no-such-dir', 'j.jsonl'))).toEqual([]);
    await expect(openJournal(join(tmpdir(), 'groupform-no-such-dir', 'j.jsonl'), 'p1')).rejects.toMatchObject({ code: 'JOURNAL_UNWRITABLE' });
  });

  it('stops starting changes when the journal cannot be written, as the next run could not tell what happened', async () => {
    let writes = 0;
    const journal: Journal = {
      path: 'j', planId: 'p',
      record: () => (++writes > 2 ? Promise.reject(new GroupformError('JOURNAL_UNWRITABLE', 'cannot use the journal j: ENOSPC')) : Promise.resolve()),
      close: () => Promise.resolve(),
    };
    const provider = fakeProvider();
    const plan = planOf([tenant('T1', [create('A'), create('B'), create('C')])]);
    const result = await applyPlan(plan, provider, { tenantConcurrency: 1, changeConcurrency: 1, progress: quietProgress(), journal });
    expect(provider.calls).toEqual(['T1 create A']);
    expect(result.outcomes.map((o) => `${o.change.group} ${o.status} ${o.reason ?? ''}`.trim())).toEqual([
      'A done', 'B skipped not started: cannot use the journal j: ENOSPC', 'C skipped cannot use the journal j: ENOSPC',
    ]);
  });
});

describe('readJournalMarks', () => {
  const entry = (group: string, status: JournalEntry['status'], planId = 'p1', groupId?: string): JournalEntry => ({
    planId, tenant: 'T1', action: 'create', group, status, at: '', ...(groupId === undefined ? {} : { groupId }),
  });

  it('keeps done over later statuses, counts started or failed as touched, and ignores other plans and skips', () => {
    const marks = readJournalMarks(
      [
        entry('A', 'started'), entry('A', 'done', 'p1', 'gA'), entry('A', 'started'),
        entry('B', 'started'), entry('B', 'failed'),
        entry('C', 'skipped'),
        entry('D', 'done', 'p0'),
      ],
      'p1',
    );
    expect([...marks]).toEqual([
      [changeKey('T1', { action: 'create', group: 'A' }), { state: 'done', groupId: 'gA' }],
      [changeKey('T1', { action: 'create', group: 'B' }), { state: 'touched' }],
    ]);
  });
});
