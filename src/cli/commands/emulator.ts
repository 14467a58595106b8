import { resolve } from 'node:path';
import { ExitCode } from '../../errors.js';
import { startEmulator } from '../../emulator/index.js';
import { EmulatorOptionError, faultKinds, type EmulatorOptions, type FaultKind } from '../../emulator/options.js';
import { parseRequiredQuery } from '../../emulator/scim/required-query.js';
import type { ScimProfileName } from '../../model/types.js';
import type { CommandIo } from '../io.js';

/** The `groupform emulator` flags; numbers may arrive as commander's strings. */
export interface EmulatorCommandOptions {
  port?: number | string;
  host?: string;
  seed?: string;
  profile?: string;
  latency?: number | string;
  faultRate?: number | string;
  /** `429,500,reset,timeout` or a list. */
  faults?: string | string[];
  faultSeed?: number | string;
  /** `N:KIND,...`, e.g. `1:reset-after`. */
  createFaults?: string;
  retryAfter?: number | string;
  retryAfterHeader?: string;
  /** `REQUESTS/SECONDS`, e.g. `500/60`. */
  rateLimit?: string;
  rateLimitLockout?: number | string;
  state?: string;
  descopeEnvelope?: string;
  descopeInlineMembers?: boolean;
  userSearchMaxLimit?: number | string;
  userSearchOverLimit?: string;
  descopeScimCreateStatus?: number | string;
  descopeScimPatch?: string;
  descopeScimDeleteStatus?: number | string;
  descopeScimRefuseReplace?: string;
  scimMemberValue?: string;
  jitGroups?: string;
  etag?: boolean;
  endlessPages?: boolean;
  consistencyLag?: number | string;
  omitEmpty?: boolean;
  descopeRegionHost?: boolean;
  membersOnGet?: string;
  filterCase?: string;
  startIndex?: string;
  totalResults?: string;
  cursor?: string;
  createLag?: number | string;
  memberFilters?: string;
  memberRemoval?: string;
  /** `NAME=VALUE`. */
  requireQuery?: string;
  tenantByToken?: boolean;
  maxGroupMembers?: number | string;
}

function toNumber(flag: string, value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) throw new EmulatorOptionError(`${flag} expects a number, not ${String(value)}`);
  return n;
}

function toFaults(value: string | string[] | undefined): FaultKind[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  for (const kind of list) {
    if (!(faultKinds as readonly string[]).includes(kind)) throw new EmulatorOptionError(`--faults: unknown fault ${kind}; use ${faultKinds.join(',')}`);
  }
  return list as FaultKind[];
}

function toCreateFaults(value: string | undefined): EmulatorOptions['createFaults'] {
  if (value === undefined) return undefined;
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '').map((entry) => {
    const match = /^(\d+):(.+)$/.exec(entry);
    const fault = match?.[2] as FaultKind | undefined;
    if (match === null || fault === undefined || !faultKinds.includes(fault)) {
      throw new EmulatorOptionError(`--create-faults expects N:KIND entries with KIND one of ${faultKinds.join(',')} (e.g. 1:reset-after,3:500), not ${entry}`);
    }
    return { nth: Number(match[1]), fault };
  });
}

function toRateLimit(value: string | undefined): EmulatorOptions['rateLimit'] {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
  if (match === null) throw new EmulatorOptionError(`--rate-limit expects REQUESTS/SECONDS (e.g. 500/60), not ${value}`);
  return { requests: Number(match[1]), perSeconds: Number(match[2]) };
}

function toRequiredQuery(value: string | undefined): EmulatorOptions['requireQuery'] {
  if (value === undefined) return undefined;
  const required = parseRequiredQuery(value);
  if (required === undefined) throw new EmulatorOptionError(`--require-query expects NAME=VALUE (e.g. tenant={tenantId}), not ${value}`);
  return required;
}

/** Flags to startEmulator options; paths are relative to io.cwd. Validation of ranges is startEmulator's. */
export function emulatorOptionsFromFlags(flags: EmulatorCommandOptions, io: Pick<CommandIo, 'cwd'>): EmulatorOptions {
  const options: EmulatorOptions = {};
  const set = <K extends keyof EmulatorOptions>(key: K, value: EmulatorOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('port', toNumber('--port', flags.port));
  set('host', flags.host);
  set('seed', flags.seed === undefined ? undefined : resolve(io.cwd, flags.seed));
  set('profile', flags.profile as ScimProfileName | undefined);
  set('latencyMs', toNumber('--latency', flags.latency));
  set('faultRate', toNumber('--fault-rate', flags.faultRate));
  set('faults', toFaults(flags.faults));
  set('faultSeed', toNumber('--fault-seed', flags.faultSeed));
  set('createFaults', toCreateFaults(flags.createFaults));
  set('retryAfterSeconds', toNumber('--retry-after', flags.retryAfter));
  set('retryAfterHeader', flags.retryAfterHeader as EmulatorOptions['retryAfterHeader']);
  set('rateLimit', toRateLimit(flags.rateLimit));
  set('rateLimitLockoutSeconds', toNumber('--rate-limit-lockout', flags.rateLimitLockout));
  set('statePath', flags.state === undefined ? undefined : resolve(io.cwd, flags.state));
  set('descopeEnvelope', flags.descopeEnvelope as EmulatorOptions['descopeEnvelope']);
  set('descopeInlineMembers', flags.descopeInlineMembers);
  set('userSearchMaxLimit', toNumber('--user-search-max-limit', flags.userSearchMaxLimit));
  set('userSearchOverLimit', flags.userSearchOverLimit as EmulatorOptions['userSearchOverLimit']);
  set('descopeScimCreateStatus', toNumber('--descope-scim-create-status', flags.descopeScimCreateStatus) as 200 | 201 | undefined);
  set('descopeScimPatch', flags.descopeScimPatch as EmulatorOptions['descopeScimPatch']);
  set('descopeScimDeleteStatus', toNumber('--descope-scim-delete-status', flags.descopeScimDeleteStatus) as 200 | 204 | undefined);
  set('descopeScimRefuseReplace', flags.descopeScimRefuseReplace?.split(',').map((a) => a.trim()).filter((a) => a !== ''));
  set('scimMemberValue', flags.scimMemberValue as EmulatorOptions['scimMemberValue']);
  set('jitGroups', flags.jitGroups as EmulatorOptions['jitGroups']);
  set('etag', flags.etag);
  set('endlessPages', flags.endlessPages);
  set('consistencyLagMs', toNumber('--consistency-lag', flags.consistencyLag));
  set('omitEmpty', flags.omitEmpty);
  set('descopeRegionHost', flags.descopeRegionHost);
  set('membersOnGet', flags.membersOnGet as EmulatorOptions['membersOnGet']);
  set('filterCase', flags.filterCase as EmulatorOptions['filterCase']);
  set('startIndex', flags.startIndex as EmulatorOptions['startIndex']);
  set('totalResults', flags.totalResults as EmulatorOptions['totalResults']);
  set('cursor', flags.cursor as EmulatorOptions['cursor']);
  set('consistencyLagRequests', toNumber('--create-lag', flags.createLag));
  set('memberFilters', flags.memberFilters as EmulatorOptions['memberFilters']);
  set('memberRemoval', flags.memberRemoval as EmulatorOptions['memberRemoval']);
  set('requireQuery', toRequiredQuery(flags.requireQuery));
  set('tenantByToken', flags.tenantByToken);
  set('maxGroupMembers', toNumber('--max-group-members', flags.maxGroupMembers));
  return options;
}

function waitForStop(io: CommandIo): Promise<string> {
  if (io.signal !== undefined) {
    const signal = io.signal;
    if (signal.aborted) return Promise.resolve('abort');
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve('abort'), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(name);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/**
 * Runs the emulator until SIGINT/SIGTERM (or io.signal aborts), then closes it and resolves 0. The first
 * stdout line is exactly `groupform emulator listening on URL` (README, emulator), so scripts can wait for it.
 */
export async function runEmulator(flags: EmulatorCommandOptions, io: CommandIo): Promise<ExitCode> {
  const options = emulatorOptionsFromFlags(flags, io);
  const emulator = await startEmulator({
    ...options,
    onError: (error) => void io.stderr.write(`emulator error: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  io.stdout.write(`groupform emulator listening on ${emulator.url}\n`);
  const tenants = emulator.state.tenants.size;
  const o = emulator.options;
  io.stderr.write(
    `profile ${o.profile}, ${tenants} tenant${tenants === 1 ? '' : 's'}` +
      (o.faultRate > 0 ? `, faults ${o.faults.join(',')} at ${o.faultRate}` : '') +
      (o.latencyMs > 0 ? `, latency ${o.latencyMs} ms` : '') +
      (o.consistencyLagMs > 0 ? `, consistency lag ${o.consistencyLagMs} ms` : '') +
      (o.omitEmpty ? ', empty values omitted' : '') +
      (o.statePath === undefined ? '' : `, state in ${o.statePath}`) +
      '\n',
  );
  await waitForStop(io);
  await emulator.close();
  io.stderr.write('groupform emulator stopped\n');
  return ExitCode.ok;
}
