// The programmatic API: the pipeline the CLI runs, callable without a process. Load a config set, open its
// provider, plan, render, apply (with progress callbacks and an abort signal), read and verify a saved plan,
// and start the local emulator. Everything else under src/ is private (package.json `exports`).
export * from './errors.js';
export * from './model/types.js';
export { Secret } from './model/secret.js';

export { loadDesired, loadDesiredFromTexts, parseShard, selectTenants, type ConfigText, type LoadOptions, type Shard, type TenantSelection } from './config/index.js';
export { parseSnapshot, snapshotToLive, type Snapshot } from './config/snapshot.js';

export {
  loadLiveTenants,
  openProvider,
  planDesired,
  planFromLive,
  TenantPlanner,
  type LoadLiveTenantsOptions,
  type OpenProviderOptions,
  type PlanOptions,
} from './pipeline.js';
export type { Provider, AppliedChange } from './providers/provider.js';

export { renderText, type TextRenderOptions } from './render/text.js';
export { renderMarkdown, type MarkdownRenderOptions } from './render/markdown.js';
export { renderJson } from './render/json.js';
export { renderApplySummary } from './render/apply-summary.js';

export { applyPlan, type ApplyObserver, type ApplyOptions, type ApplyResult, type ApplySummary, type ChangeOutcome, type ChangeStatus } from './apply/apply-plan.js';

export { openJournal, parseJournal, parseSavedPlan, readJournal, verifySavedPlan, type Journal, type JournalEntry, type VerifiedPlan, type VerifySavedPlanOptions } from './saved-plan/index.js';

export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator/index.js';
