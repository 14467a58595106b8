import { type FileHandle, open, readFile } from 'node:fs/promises';
import { GroupformError } from '../errors.js';
import type { GroupChange } from '../model/types.js';

export type JournalStatus = 'started' | 'done' | 'failed' | 'skipped';

/** One line of the journal. Never a secret: names, ids and error messages (already redacted by the HTTP layer). */
export interface JournalEntry {
  planId: string;
  tenant: string;
  action: GroupChange['action'];
  group: string;
  groupId?: string;
  status: JournalStatus;
  /** failed: the error's message; skipped: why. */
  error?: string;
  at: string;
}

export type JournalRecord = Omit<JournalEntry, 'planId' | 'at'>;

export interface Journal {
  readonly path: string;
  readonly planId: string;
  /** Resolves once the line is on disk (fsync'd): a change is started only after its `started` line is durable. */
  record(entry: JournalRecord): Promise<void>;
  close(): Promise<void>;
}

const STATUSES: readonly string[] = ['started', 'done', 'failed', 'skipped'];
const ACTIONS: readonly string[] = ['create', 'update', 'delete'];
// Every line starts this way (planId is written first), so a line cut short by a crash is recognisable as ours.
const ENTRY_PREFIX = '{"planId":';

/**
 * Appends to the journal at `path` (created if missing). Lines recorded while a write is in progress are
 * written and fsync'd together, so concurrent changes share one fsync instead of queueing one each.
 */
export async function openJournal(path: string, planId: string, now: () => Date = () => new Date()): Promise<Journal> {
  const existing = await readJournalText(path);
  if (existing !== undefined) parseJournal(existing, path);
  let handle: FileHandle;
  try {
    handle = await open(path, 'a');
  } catch (error) {
    throw journalError(path, error);
  }
  // A crash may have cut the last line short; start on a fresh line so the next entry stays readable.
  let separator = existing !== undefined && existing.length > 0 && !existing.endsWith('\n') ? '\n' : '';
  let pending: string[] = [];
  let waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    while (pending.length > 0) {
      const text = separator + pending.join('');
      const batch = waiters;
      pending = [];
      waiters = [];
      try {
        await handle.appendFile(text, 'utf8');
        await handle.sync();
        separator = '';
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(journalError(path, error));
      }
    }
    flushing = undefined;
  };

  return {
    path,
    planId,
    record(entry) {
      const line: JournalEntry = { planId, ...entry, at: now().toISOString() };
      return new Promise((resolve, reject) => {
        pending.push(`${JSON.stringify(orderEntry(line))}\n`);
        waiters.push({ resolve, reject });
        flushing ??= drain();
      });
    },
    async close() {
      await flushing;
      await handle.close();
    },
  };
}

/** The journal's entries in order; [] when it does not exist. Lines a crash cut short are skipped. */
export async function readJournal(path: string): Promise<JournalEntry[]> {
  const text = await readJournalText(path);
  return text === undefined ? [] : parseJournal(text, path);
}

export function parseJournal(text: string, path: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const entry = parseEntry(line);
    if (entry !== undefined) entries.push(entry);
    else if (!line.startsWith(ENTRY_PREFIX)) {
      throw new GroupformError('JOURNAL_UNREADABLE', `${path}:${index + 1}: not a groupform journal line; pass a different --journal file`);
    }
  });
  return entries;
}

function parseEntry(line: string): JournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const e = value as Record<string, unknown>;
  const ok =
    typeof e.planId === 'string' &&
    typeof e.tenant === 'string' &&
    typeof e.group === 'string' &&
    typeof e.at === 'string' &&
    ACTIONS.includes(e.action as string) &&
    STATUSES.includes(e.status as string) &&
    (e.groupId === undefined || typeof e.groupId === 'string') &&
    (e.error === undefined || typeof e.error === 'string');
  return ok ? orderEntry(e as unknown as JournalEntry) : undefined;
}

function orderEntry(e: JournalEntry): JournalEntry {
  return {
    planId: e.planId,
    tenant: e.tenant,
    action: e.action,
    group: e.group,
    ...(e.groupId === undefined ? {} : { groupId: e.groupId }),
    status: e.status,
    ...(e.error === undefined ? {} : { error: e.error }),
    at: e.at,
  };
}

async function readJournalText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw journalError(path, error);
  }
}

function journalError(path: string, error: unknown): GroupformError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  return new GroupformError('JOURNAL_UNWRITABLE', `cannot use the journal ${path}: ${reason}`, { cause: error });
}
