import { compareSourceRefs } from '../errors.js';
import { compareStrings, memberIdentity } from '../model/normalize.js';
import type { DeclaredMember, MemberOverlap, MemberVia } from '../model/types.js';
import { untilEnd } from '../model/expiry.js';
import { sortedMembers } from './member-order.js';

/**
 * A member list after expansion: sorted as loading sorts members, each person once. Lists are shared between
 * groups (every group that only holds `{set: support}` gets the same array), so they are never mutated.
 */
export interface MemberList {
  members: readonly DeclaredMember[];
  overlaps: readonly MemberOverlap[];
}

export const EMPTY_LIST: MemberList = { members: [], overlaps: [] };

const LISTED = 'listed in members';

export function describeMember(member: { loginId: string } | { userId: string }): string {
  return 'loginId' in member ? member.loginId : `user id ${member.userId}`;
}

/**
 * Prefixes every member's route with `hop` (`set support`, `group Support`), sharing route arrays: every member
 * of a set has the same routes, so a 100-member set used by 20,000 groups allocates its routes once per hop.
 */
export class RoutePrefixer {
  readonly #byHop = new Map<string, Map<MemberVia | undefined, MemberVia>>();

  prefix(list: MemberList, hop: string): MemberList {
    let cache = this.#byHop.get(hop);
    if (cache === undefined) this.#byHop.set(hop, (cache = new Map()));
    const routed = cache;
    const via = (old: MemberVia | undefined): MemberVia => {
      let next = routed.get(old);
      if (next === undefined) routed.set(old, (next = old === undefined ? [hop] : old.map((r) => `${hop} > ${r}`)));
      return next;
    };
    return { members: list.members.map((m) => ({ ...m, via: via(m.via) })), overlaps: [] };
  }
}

/**
 * The union of `lists` minus `excluded` identities. A person reached by several routes is one member: its
 * place is the earliest, its routes all of them (none when it is also listed directly: that listing keeps it),
 * and the overlap is recorded for `validate --explain` (overlaps inside an included group or set stay there). The result does not depend on the order of `lists`.
 */
export function mergeLists(lists: readonly MemberList[], excluded: ReadonlySet<string>): MemberList {
  const only = lists.length === 1 ? lists[0] : undefined;
  if (only !== undefined && excluded.size === 0) return only;
  if (lists.length === 0) return EMPTY_LIST;
  const byIdentity = new Map<string, DeclaredMember>();
  const routes = new Map<string, Set<string>>();
  for (const list of lists) {
    for (const member of list.members) {
      const id = memberIdentity(member);
      if (excluded.has(id)) continue;
      const earlier = byIdentity.get(id);
      if (earlier === undefined) {
        byIdentity.set(id, member);
        continue;
      }
      let seen = routes.get(id);
      if (seen === undefined) routes.set(id, (seen = new Set(routesOf(earlier))));
      for (const route of routesOf(member)) seen.add(route);
      byIdentity.set(id, combine(earlier, member));
    }
  }
  const overlaps = [...routes].map(([id, set]): MemberOverlap => ({ member: describeMember(byIdentity.get(id)!), routes: [...set].sort(compareStrings) }));
  overlaps.sort((a, b) => compareStrings(a.member, b.member));
  return { members: sortedMembers([...byIdentity.values()]), overlaps };
}

/** Positive when `a` lasts longer than `b`; a missing until never ends, an unparsable one sorts as written. */
function compareTerms(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const [endA, endB] = [untilEnd(a), untilEnd(b)];
  if (endA === undefined || endB === undefined || endA === endB) return 0;
  return endA - endB;
}

function routesOf(member: DeclaredMember): readonly string[] {
  return member.via ?? [LISTED];
}

/**
 * One member from two routes to the same person. Access lasts as long as the longest route grants it, so the
 * entry with the latest `until` (or none: never ends) is the one kept, with its place, reason and ticket; between
 * equal terms the earliest place wins.
 */
function combine(a: DeclaredMember, b: DeclaredMember): DeclaredMember {
  const byTerm = compareTerms(a.until, b.until);
  const first = byTerm > 0 || (byTerm === 0 && compareSourceRefs(a.at, b.at) <= 0) ? a : b;
  const via = a.via === undefined || b.via === undefined ? undefined : [...new Set([...a.via, ...b.via])].sort(compareStrings);
  const { via: _old, ...base } = first;
  return via === undefined ? base : { ...base, via };
}
