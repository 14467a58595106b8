// STUB (issue 2): signatures fixed; implementation in progress.
import { GroupformError } from '../errors.js';
import type { DesiredState } from '../model/types.js';

export interface LoadOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Reads a config set (files and directories; none: ./groupform.yaml), interpolates `${VAR}`, validates it
 * against schemas/groupform.schema.json and cross-checks files. Throws DiagnosticsError with every problem, or
 * GroupformError('CONFIG_NOT_FOUND') when nothing was named and ./groupform.yaml does not exist.
 */
export function loadDesired(_paths: readonly string[], _options: LoadOptions): Promise<DesiredState> {
  throw new GroupformError('NOT_IMPLEMENTED', 'config loading is not implemented yet');
}

/** The files of a config set, sorted; directories are read recursively for *.yaml / *.yml. */
export function listConfigFiles(_paths: readonly string[], _cwd: string): Promise<string[]> {
  throw new GroupformError('NOT_IMPLEMENTED', 'config loading is not implemented yet');
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `K/N` (1 <= K <= N); throws GroupformError('INVALID_SHARD'). */
export function parseShard(_value: string): Shard {
  throw new GroupformError('NOT_IMPLEMENTED', 'config loading is not implemented yet');
}

export interface TenantSelection {
  /** Globs (* and ?) on tenant ids; empty: all. */
  include: readonly string[];
  exclude: readonly string[];
  shard?: Shard;
}

/** Keeps the selected tenants (in order); throws GroupformError('NO_TENANT_SELECTED') when none is left. */
export function selectTenants(_desired: DesiredState, _selection: TenantSelection): DesiredState {
  throw new GroupformError('NOT_IMPLEMENTED', 'config loading is not implemented yet');
}

/**
 * `sha256:<hex>` of what the config means for these tenants (default: all of desired's) and the provider:
 * no secrets, no source positions, so reformatting or moving a tenant between files keeps it.
 */
export function configDigest(_desired: DesiredState, _tenantIds?: readonly string[]): string {
  throw new GroupformError('NOT_IMPLEMENTED', 'config loading is not implemented yet');
}

/** The canonical text of one config file (sorted, deduplicated, comments kept); used by `fmt`. */
export function formatConfig(_text: string, _file: string): string {
  throw new GroupformError('NOT_IMPLEMENTED', 'config formatting is not implemented yet');
}
