// STUB (issue 6): signatures fixed; implementation in progress.
export interface Journal {
  close(): Promise<void>;
}

export function openJournal(_path: string, _planId: string): Promise<Journal> {
  throw new Error('not implemented');
}
