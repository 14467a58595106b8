import { loadDesired, parseShard, selectTenants } from '../../config/index.js';
import type { DesiredState } from '../../model/types.js';
import { colorEnabled, type CommandIo } from '../io.js';

// Apart from common.ts, so that validate and fmt do not load the HTTP client.
export interface SelectionOptions {
  paths: string[];
  tenant?: string[];
  excludeTenant?: string[];
  shard?: string;
  concurrency: number;
  color: boolean;
  debug?: boolean;
}

export async function loadSelectedDesired(options: SelectionOptions, io: CommandIo): Promise<DesiredState> {
  const desired = await loadDesired(options.paths, { env: io.env, cwd: io.cwd });
  return selectTenants(desired, {
    include: options.tenant ?? [],
    exclude: options.excludeTenant ?? [],
    ...(options.shard === undefined ? {} : { shard: parseShard(options.shard) }),
  });
}

export function useColor(options: { color?: boolean }, io: CommandIo, stream = io.stdout): boolean {
  return colorEnabled(io, stream, options.color === false);
}
