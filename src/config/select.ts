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
  const include = selection.include.map(compileGlob);
  const exclude = selection.exclude.map(compileGlob);
  const matched = desired.tenants.filter(
    (t) => (include.length === 0 || include.some((glob) => glob(t.tenantId))) && !exclude.some((glob) => glob(t.tenantId)),
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

/**
 * `*` any run of characters, `?` one character; everything else literal; the whole id must match. Not a regular
 * expression: `*a*a*a…b` would make one backtrack exponentially. Between stars each piece is taken at its
 * leftmost place (which never loses a match), so a match costs at most glob length × id length steps.
 */
export function compileGlob(glob: string): (text: string) => boolean {
  const pieces = glob.split('*').map((piece) => [...piece]);
  return (text) => {
    const chars = [...text];
    const first = pieces[0] ?? [];
    if (pieces.length === 1) return chars.length === first.length && fitsAt(first, chars, 0);
    const last = pieces[pieces.length - 1] ?? [];
    const end = chars.length - last.length;
    if (end < first.length || !fitsAt(first, chars, 0) || !fitsAt(last, chars, end)) return false;
    let at = first.length;
    for (const piece of pieces.slice(1, -1)) {
      const found = leftmost(piece, chars, at, end);
      if (found < 0) return false;
      at = found + piece.length;
    }
    return true;
  };
}

function fitsAt(piece: readonly string[], chars: readonly string[], at: number): boolean {
  return piece.every((c, i) => c === '?' || c === chars[at + i]);
}

/** The first place at or after `from` where `piece` fits and ends by `end`; -1 when none. */
function leftmost(piece: readonly string[], chars: readonly string[], from: number, end: number): number {
  for (let at = from; at + piece.length <= end; at += 1) if (fitsAt(piece, chars, at)) return at;
  return -1;
}
