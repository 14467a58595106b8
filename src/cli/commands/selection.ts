import { loadDesired, parseShard, selectTenants } from '../../config/index.js';
import { GroupformError } from '../../errors.js';
import { parseInstant } from '../../model/expiry.js';
import type { DesiredState } from '../../model/types.js';
import { printable } from '../../util/printable.js';
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
  /** `--now`: a date or RFC 3339 time standing in for the clock (else GROUPFORM_NOW, else the real one). */
  now?: string;
}

export async function loadSelectedDesired(options: SelectionOptions, io: CommandIo, now = clockOf(options, io)): Promise<DesiredState> {
  const onSkipped = (file: string): void => void io.stderr.write(`groupform: skipped ${file}: not a groupform file (no provider, defaults, tenants, sets or templates at its top level)\n`);
  const desired = await loadDesired(options.paths, { env: io.env, cwd: io.cwd, now, onSkipped });
  return selectTenants(desired, {
    include: options.tenant ?? [],
    exclude: options.excludeTenant ?? [],
    ...(options.shard === undefined ? {} : { shard: parseShard(options.shard) }),
  });
}

export function useColor(options: { color?: boolean }, io: CommandIo, stream = io.stdout): boolean {
  return colorEnabled(io, stream, options.color === false);
}

/** The instant commands plan at, ms since the epoch: `--now`, else GROUPFORM_NOW, else the system clock. */
export function clockOf(options: { now?: string }, io: CommandIo): number {
  const [text, source] = options.now !== undefined ? [options.now, '--now'] : [io.env.GROUPFORM_NOW, 'GROUPFORM_NOW'];
  if (text === undefined || text === '') return Date.now();
  const ms = parseInstant(text);
  if (ms === undefined) {
    throw new GroupformError('INVALID_NOW', `${source} "${printable(text)}" is not a date (2027-01-31) or an RFC 3339 time (2027-01-31T18:00:00Z)`);
  }
  return ms;
}
