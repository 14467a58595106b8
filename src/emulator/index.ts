import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Snapshot } from '../config/snapshot.js';
import { GroupformError } from '../errors.js';
import { resolveEmulatorOptions, type EmulatorOptions, type ResolvedEmulatorOptions } from './options.js';
import { createStatePersister, fileExists } from './persistence.js';
import { loadSeed, readSeedFile } from './seed.js';
import { createEmulatorServer } from './server.js';
import { EmulatorState } from './state.js';
import type { EmulatorStats } from './stats.js';

export type { EmulatorOptions, FaultKind, DescopeEnvelope, MembersOnGet, FilterCase, DescopeScimPatch } from './options.js';
export { EmulatorOptionError, faultKinds } from './options.js';
export type { EmulatorStats } from './stats.js';
export { EmulatorState } from './state.js';
export { scimProfiles, type ScimProfile } from './scim/profiles.js';

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  /** The live in-memory state (mutable; prefer snapshot() to read it). */
  state: EmulatorState;
  options: ResolvedEmulatorOptions;
  snapshot(): Snapshot;
  stats(): EmulatorStats;
  /** Stops listening, drops open connections (including faulted `timeout` requests), writes the state file. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveEmulatorOptions(options);
  const onError = options.onError ?? (() => undefined);
  const fromStateFile = resolved.statePath !== undefined && (await fileExists(resolved.statePath));
  const snapshot = fromStateFile ? await readSeedFile(resolved.statePath!) : await loadSeed(resolved.seed);
  const state = new EmulatorState(snapshot, { consistencyLagMs: resolved.consistencyLagMs });
  const persister = resolved.statePath === undefined ? undefined : createStatePersister(state, resolved.statePath, onError);
  // A fresh state file is written at once, so a run that makes no change still leaves the state behind.
  if (persister !== undefined && !fromStateFile) {
    state.touch();
    await persister.flush();
  }
  const { server, stats, abort } = createEmulatorServer({ state, options: resolved }, persister, onError);

  server.listen(resolved.port, resolved.host);
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${resolved.port} is already in use` : (error as Error).message;
    throw new GroupformError('EMULATOR_LISTEN', `the emulator cannot listen on ${resolved.host}:${resolved.port}: ${reason}`, { cause: error });
  }
  const port = (server.address() as AddressInfo).port;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    state,
    options: resolved,
    snapshot: () => state.toSnapshot(),
    stats: () => stats.snapshot(),
    close() {
      closed ??= (async () => {
        abort();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await stopped;
        await persister?.flush();
      })();
      return closed;
    },
  };
}
