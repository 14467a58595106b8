import { compareSourceRefs, type Diagnostic, errorAt, formatPlace } from '../errors.js';
import type { DeclaredMember, SourceRef } from '../model/types.js';
import { type Declarations, listWithPlaces, nameSome } from './declarations.js';
import { memberIdentity } from '../model/normalize.js';
import { EMPTY_LIST, type MemberList, mergeLists, RoutePrefixer } from './member-lists.js';
import { isRecord } from './raw.js';
import type { RawMemberEntry } from './member-entry.js';
import { toDeclaredMember } from './member-entry.js';
import { isKnownRawInOrder, markedInOrder, sortedMembers } from './member-order.js';
import { type ConfigTree, fileStart } from './tree.js';

interface SetVisit {
  name: string;
  /** Where the set that holds this one refers to it. */
  at: SourceRef;
}

/**
 * Turns member entry lists (login ids, `{userId}`, `{set}`) into member lists, each set expanded once for the
 * whole config set and shared. Unknown sets and cycles between sets become diagnostics at their places.
 */
export class MemberExpander {
  readonly prefixer = new RoutePrefixer();
  readonly #declarations: Declarations;
  readonly #diagnostics: Diagnostic[];
  readonly #sets = new Map<string, MemberList>();
  readonly #used = new Map<string, MemberList>();
  readonly #lists = new WeakMap<readonly unknown[], MemberList>();
  readonly #visiting: SetVisit[] = [];
  readonly #cycles = new Set<string>();

  constructor(declarations: Declarations, diagnostics: Diagnostic[]) {
    this.#declarations = declarations;
    this.#diagnostics = diagnostics;
  }

  /** The members an entry list stands for. Lists outside a cycle do not depend on where they are used, so each is expanded once. */
  expandEntries(tree: ConfigTree, entries: unknown): MemberList {
    if (!Array.isArray(entries)) return EMPTY_LIST;
    const known = this.#lists.get(entries);
    if (known !== undefined) return known;
    const { items, places } = listWithPlaces(tree, entries);
    const direct: DeclaredMember[] = [];
    const lists: MemberList[] = [];
    items.forEach((entry, i) => {
      const at = places[i] ?? fileStart(tree);
      if (typeof entry === 'string' || (isRecord(entry) && (typeof entry.userId === 'string' || typeof entry.loginId === 'string'))) {
        direct.push(toDeclaredMember(entry as RawMemberEntry, at));
      } else if (isRecord(entry) && typeof entry.set === 'string') lists.push(this.#useSet(entry.set, at));
    });
    // A list of plain members the repeat check found in order holds its members in order: no second pass.
    if (direct.length > 0) lists.push({ members: direct.length === items.length && isKnownRawInOrder(items) ? markedInOrder(direct) : sortedMembers(direct), overlaps: [] });
    const list = mergeLists(lists, new Set());
    if (this.#visiting.length === 0) this.#lists.set(entries, list);
    return list;
  }

  /** Expands every declared set, so a bad reference in a set no group uses is still reported at its place. */
  checkAllSets(): void {
    for (const [name, declaration] of this.#declarations.sets) this.#useSet(name, declaration.at);
  }

  /** The identities an `exclude` list removes. */
  excludedBy(tree: ConfigTree, entries: unknown): Set<string> {
    return new Set(this.expandEntries(tree, entries).members.map(memberIdentity));
  }

  /** A set's members as a group sees them: each routed `via set NAME`. */
  #useSet(name: string, at: SourceRef): MemberList {
    const declaration = this.#declarations.sets.get(name);
    if (declaration === undefined) {
      this.#diagnostics.push(errorAt(at, 'SET_UNKNOWN', `unknown set "${name}"; declared sets: ${nameSome(this.#declarations.sets.keys())}`));
      return EMPTY_LIST;
    }
    const inCycle = this.#visiting.findIndex((v) => v.name === name);
    if (inCycle >= 0) {
      this.#reportCycle(inCycle, at);
      return EMPTY_LIST;
    }
    const used = this.#used.get(name);
    if (used !== undefined) return used;
    this.#visiting.push({ name, at });
    let own: MemberList;
    try {
      own = this.#sets.get(name) ?? this.expandEntries(declaration.tree, declaration.entries);
    } finally {
      this.#visiting.pop();
    }
    this.#sets.set(name, own);
    const routed = this.prefixer.prefix(own, `set ${name}`);
    this.#used.set(name, routed);
    return routed;
  }

  /** Sets from `#visiting[start]` to the top refer to each other, closed by the reference at `at`. */
  #reportCycle(start: number, at: SourceRef): void {
    const sets = this.#visiting.slice(start);
    const hops = sets.map((set, i) => ({ holder: set.name, held: sets[i + 1]?.name ?? sets[0]!.name, at: sets[i + 1]?.at ?? at }));
    const key = hops.map((h) => h.holder).sort().join('\0');
    if (this.#cycles.has(key)) return;
    this.#cycles.add(key);
    const first = hops.reduce((a, b) => (compareSourceRefs(b.at, a.at) < 0 ? b : a));
    const rotated = [...hops.slice(hops.indexOf(first)), ...hops.slice(0, hops.indexOf(first))];
    const described = rotated.map((h) => `set "${h.holder}" holds {set: ${h.held}} at ${formatPlace(h.at)}`).join(', ');
    this.#diagnostics.push(errorAt(first.at, 'SET_CYCLE', `sets refer to each other in a cycle: ${described}; a set may not contain itself`));
  }
}
