import type { ResolvedEmulatorOptions } from './options.js';
import type { EmulatorState } from './state.js';

/** What every route handler reads. */
export interface EmulatorContext {
  state: EmulatorState;
  options: ResolvedEmulatorOptions;
}
