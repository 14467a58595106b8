export * from './errors.js';
export * from './model/types.js';
export { Secret } from './model/secret.js';
export type { Provider, AppliedChange } from './providers/provider.js';
export { parseSnapshot, snapshotToLive, type Snapshot } from './config/snapshot.js';
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator/index.js';
