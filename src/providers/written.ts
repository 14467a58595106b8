/**
 * What a change that failed had written before it failed, as its provider counted the requests that went through:
 * an apply summary counts it, since "0 groups created" would be false once the create itself went through.
 */
export interface WrittenPart {
  groupCreated: boolean;
  membersAdded: number;
  membersRemoved: number;
  /** A rename or externalId went through. */
  attributesChanged: boolean;
}

const WRITTEN = Symbol('groupform.written');

export function nothingWritten(): WrittenPart {
  return { groupCreated: false, membersAdded: 0, membersRemoved: 0, attributesChanged: false };
}

/** The error, carrying `written` when anything was (an interrupt stays the same DOMException). */
export function markWritten<E>(error: E, written: WrittenPart): E {
  const any = written.groupCreated || written.membersAdded > 0 || written.membersRemoved > 0 || written.attributesChanged;
  if (any && typeof error === 'object' && error !== null) Object.defineProperty(error, WRITTEN, { value: { ...written }, configurable: true });
  return error;
}

export function writtenBefore(error: unknown): WrittenPart | undefined {
  return typeof error === 'object' && error !== null ? ((error as { [WRITTEN]?: WrittenPart })[WRITTEN] ?? undefined) : undefined;
}
