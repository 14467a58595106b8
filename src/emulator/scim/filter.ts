import { parse, Tester, type Compare, type Filter } from 'scim2-parse-filter';
import type { FilterCase } from '../options.js';
import type { FilterShape } from './profiles.js';

export class FilterError extends Error {}

const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

function mapLiterals(filter: Filter, literals: readonly string[]): Filter {
  switch (filter.op) {
    case 'and':
    case 'or':
      return { ...filter, filters: (filter as { filters: Filter[] }).filters.map((f) => mapLiterals(f, literals)) } as Filter;
    case 'not':
      return { ...filter, filter: mapLiterals((filter as { filter: Filter }).filter, literals) } as Filter;
    case '[]':
      return { ...filter, valFilter: mapLiterals((filter as { valFilter: Filter }).valFilter, literals) } as Filter;
    case 'pr':
      return filter;
    default: {
      const compare = filter as Compare;
      return typeof compare.compValue === 'string' ? { ...compare, compValue: literals[Number(compare.compValue)] ?? '' } : compare;
    }
  }
}

/**
 * scim2-parse-filter only unescapes `\"` in string values: `"a\\b"` stays two backslashes and `\u00e9` stays
 * six characters. Every literal is decoded here as JSON (RFC 7644 §3.4.2.2 strings are JSON strings) and
 * replaced by its index before the library parses the rest.
 */
export function parseScimFilter(text: string): Filter {
  const literals: string[] = [];
  let masked: string;
  try {
    masked = text.replace(STRING_LITERAL, (literal) => `"${literals.push(JSON.parse(literal) as string) - 1}"`);
  } catch {
    throw new FilterError(`invalid string in filter: ${text}`);
  }
  try {
    return mapLiterals(parse(masked), literals);
  } catch (error) {
    throw new FilterError(`cannot parse filter ${text}: ${(error as Error).message}`);
  }
}

/** The attribute paths of an `eq`-only filter joined by `and`; undefined when it uses anything else. */
function eqLeaves(filter: Filter): Compare[] | undefined {
  if (filter.op === 'eq') return [filter as Compare];
  if (filter.op !== 'and') return undefined;
  const leaves: Compare[] = [];
  for (const part of (filter as { filters: Filter[] }).filters) {
    const sub = eqLeaves(part);
    if (sub === undefined) return undefined;
    leaves.push(...sub);
  }
  return leaves;
}

/** The values an `eq`-only filter compares `attribute` with (case-insensitive path), e.g. the user of `members eq "u"`. */
export function eqValues(filter: Filter, ...attributes: string[]): string[] {
  const wanted = new Set(attributes.map((a) => a.toLowerCase()));
  return (eqLeaves(filter) ?? []).filter((l) => wanted.has(l.attrPath.toLowerCase()) && typeof l.compValue === 'string').map((l) => l.compValue as string);
}

/** Throws FilterError unless the filter is one of the server's documented shapes. */
export function checkFilterShape(filter: Filter, shapes: readonly FilterShape[]): void {
  const leaves = eqLeaves(filter);
  if (leaves === undefined) throw new FilterError('only eq filters (optionally joined by and) are supported');
  const used = leaves.map((l) => l.attrPath.toLowerCase()).sort();
  const allowed = shapes.some((shape) => {
    const wanted = shape.map((s) => s.toLowerCase()).sort();
    return wanted.length === used.length && wanted.every((w, i) => w === used[i]);
  });
  if (!allowed) throw new FilterError(`unsupported filter on ${leaves.map((l) => l.attrPath).join(' and ')}`);
}

const CASE_INSENSITIVE = new Set(['username', 'displayname']);

class CaseFoldingTester extends Tester {
  override test(resource: unknown, filter: Filter): boolean {
    const compare = filter as Compare;
    if (filter.op !== 'pr' && 'compValue' in filter && typeof compare.compValue === 'string' && CASE_INSENSITIVE.has(compare.attrPath.toLowerCase())) {
      const wanted = compare.compValue.toLowerCase();
      const op = compare.op;
      return this.attrTest(this.attrPath(compare.attrPath), resource, (value) => typeof value === 'string' && this[op](value.toLowerCase(), wanted));
    }
    return super.test(resource, filter);
  }
}

// AWS's `members eq "u"` means a member whose value is u; against {value} objects the library compares the
// object itself, so the path is rewritten to members.value.
function rewriteBareMembers(filter: Filter): Filter {
  if (filter.op === 'and' || filter.op === 'or') {
    return { ...filter, filters: (filter as { filters: Filter[] }).filters.map(rewriteBareMembers) } as Filter;
  }
  if ('attrPath' in filter && filter.op !== '[]' && (filter as Compare).attrPath.toLowerCase() === 'members') {
    return { ...filter, attrPath: 'members.value' } as Filter;
  }
  return filter;
}

/** userName and displayName compare case-insensitively unless the server compares exactly. */
export function compileFilter(filter: Filter, filterCase: FilterCase): (resource: unknown) => boolean {
  const tester = filterCase === 'insensitive' ? new CaseFoldingTester() : new Tester();
  const rewritten = rewriteBareMembers(filter);
  return (resource) => tester.test(resource, rewritten);
}
