/**
 * A drain is a softer stop than an abort: the request already on the wire finishes (its answer may be the only
 * record of a write the server performed), but nothing new starts: no first attempt, no retry, no backoff or
 * throttle wait. Only waits listen to it, so it never cuts a request in flight.
 */
export interface Stop {
  /** Aborts everything at once, the request on the wire included. */
  signal?: AbortSignal | undefined;
  drain?: AbortSignal | undefined;
}

const PREFIX = 'interrupted';
const drained = new WeakSet<object>();

/** What a drained request throws: an AbortError (like an abort, so callers treat it as one) saying what did not start. */
export function drainedError(what: string): DOMException {
  const error = new DOMException(`${PREFIX}: ${what}`, 'AbortError');
  drained.add(error);
  return error;
}

/** True for an error drainedError made: the drain stopped the work, nothing failed on the wire. */
export function isDrained(error: unknown): boolean {
  return typeof error === 'object' && error !== null && drained.has(error);
}

/** Ends the message of a failure the drain kept from being retried (drainedError adds the "interrupted"). */
export const NOT_RETRIED = '; not retried';

/**
 * Runs a wait that ends early on either signal. The drain ending it throws drainedError(what); the abort, its own
 * reason. Listeners are removed when the wait settles, so a long run does not pile them up on the run's signals.
 */
export async function waitUnlessDrained<T>(stop: Stop, what: () => string, wait: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  const { signal, drain } = stop;
  if (drain === undefined) return wait(signal);
  signal?.throwIfAborted();
  if (drain.aborted) throw drainedError(what());
  const either = new AbortController();
  const onAbort = (): void => either.abort(signal?.aborted === true ? signal.reason : drainedError(what()));
  signal?.addEventListener('abort', onAbort, { once: true });
  drain.addEventListener('abort', onAbort, { once: true });
  try {
    return await wait(either.signal);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    drain.removeEventListener('abort', onAbort);
  }
}
