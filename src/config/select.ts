import { GroupformError } from '../errors.js';
import type { DesiredState } from '../model/types.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface TenantSelection {
  /** Globs (* and ?) on tenant ids; empty: all. */
  include: readonly string[];
  exclude: readonly string[];
  shard?: Shard;
}

/** Parses `K/N` (1 <= K <= N); throws GroupformError('INVALID_SHARD'). */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(count) || index < 1 || index > count) {
    throw new GroupformError('INVALID_SHARD', `--shard ${value}: expected K/N with 1 <= K <= N, e.g. --shard 2/4`);
  }
  return { index, count };
}

/** Keeps the selected tenants (in order); throws GroupformError('NO_TENANT_SELECTED') when none is left. */
export function selectTenants(desired: DesiredState, selection: TenantSelection): DesiredState {
  const include = selection.include.map(globToRegExp);
  const exclude = selection.exclude.map(globToRegExp);
  const matched = desired.tenants.filter(
    (t) => (include.length === 0 || include.some((re) => re.test(t.tenantId))) && !exclude.some((re) => re.test(t.tenantId)),
  );
  const { shard } = selection;
  const tenants = shard === undefined ? matched : matched.filter((_, i) => i % shard.count === shard.index - 1);
  const filtering = include.length > 0 || exclude.length > 0 || shard !== undefined;
  if (tenants.length === 0 && (desired.tenants.length > 0 || filtering)) {
    throw new GroupformError('NO_TENANT_SELECTED', `no tenant selected: ${describeSelection(selection, desired.tenants.length, matched.length)}`);
  }
  return { ...desired, tenants };
}

function describeSelection(selection: TenantSelection, declared: number, matched: number): string {
  const parts = [
    ...selection.include.map((g) => `--tenant ${g}`),
    ...selection.exclude.map((g) => `--exclude-tenant ${g}`),
  ];
  const shard = selection.shard;
  const shardNote = shard === undefined ? '' : `; --shard ${shard.index}/${shard.count} of the ${matched} matching`;
  return `${parts.length === 0 ? 'the config set' : parts.join(' ')} leaves none of the ${declared} declared tenant${declared === 1 ? '' : 's'}${shardNote}`;
}

/** `*` any run of characters, `?` one character; everything else literal; the whole id must match. */
function globToRegExp(glob: string): RegExp {
  const body = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}
