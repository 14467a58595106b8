import { compareSourceRefs, type Diagnostic, errorAt, formatPlace } from '../errors.js';
import { groupNameKey } from '../model/normalize.js';
import type { SourceRef } from '../model/types.js';
import type { GroupDefinition } from './apply-templates.js';
import { listWithPlaces } from './declarations.js';
import type { MemberExpander } from './expand-members.js';
import { type MemberList, mergeLists } from './member-lists.js';
import { isRecord } from './raw.js';
import { fileStart } from './tree.js';

/** `include` names no group of the tenant: collected over tenants, so a template's typo is one message. */
export class UnknownIncludes {
  readonly #found = new Map<string, { at: SourceRef; name: string; tenants: string[] }>();

  add(at: SourceRef, name: string, tenantId: string): void {
    const id = `${at.file}:${at.line}:${at.column}`;
    const entry = this.#found.get(id);
    if (entry === undefined) this.#found.set(id, { at, name, tenants: [tenantId] });
    else entry.tenants.push(tenantId);
  }

  report(diagnostics: Diagnostic[]): void {
    for (const { at, name, tenants } of this.#found.values()) {
      const more = tenants.length > 1 ? ` (nor of ${tenants.length - 1} more tenant${tenants.length === 2 ? '' : 's'} using it)` : '';
      diagnostics.push(errorAt(at, 'GROUP_UNKNOWN', `include names "${name}", which is not a group of tenant ${tenants[0]}${more}; include takes groups of the same tenant (its own or from its templates)`));
    }
  }
}

interface Visit {
  group: GroupDefinition;
  /** Where this group includes the next one on the stack. */
  includeAt?: SourceRef;
}

/**
 * Each group's members after `members`, `include` and `exclude`: undefined for a group whose membership is not
 * managed. Include cycles are reported once per tenant and cycle, naming every `include` in it.
 */
export function deriveMembers(
  tenantId: string,
  groups: readonly GroupDefinition[],
  expander: MemberExpander,
  unknown: UnknownIncludes,
  diagnostics: Diagnostic[],
): Map<GroupDefinition, MemberList | undefined> {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const done = new Map<GroupDefinition, MemberList | undefined>();
  const routed = new Map<GroupDefinition, MemberList>();
  const stack: Visit[] = [];
  const cycles = new Set<string>();

  const reportCycle = (from: number, closingAt: SourceRef): void => {
    const visits = stack.slice(from);
    const hops = visits.map((v, i) => ({ holder: v.group.name, held: visits[i + 1]?.group.name ?? visits[0]!.group.name, at: i + 1 < visits.length ? v.includeAt! : closingAt }));
    const key = hops.map((h) => groupNameKey(h.holder)).sort().join('\0');
    if (cycles.has(key)) return;
    cycles.add(key);
    const first = hops.reduce((a, b) => (compareSourceRefs(b.at, a.at) < 0 ? b : a));
    const start = hops.indexOf(first);
    const described = [...hops.slice(start), ...hops.slice(0, start)].map((h) => `"${h.holder}" includes "${h.held}" at ${formatPlace(h.at)}`).join(', ');
    diagnostics.push(errorAt(first.at, 'GROUP_CYCLE', `tenant ${tenantId}: groups include each other in a cycle: ${described}; a group may not include itself`));
  };

  const membersOf = (group: GroupDefinition): MemberList | undefined => {
    if (done.has(group)) return done.get(group);
    const body = isRecord(group.body) ? group.body : {};
    if (body.members === undefined && body.include === undefined && body.exclude === undefined) {
      done.set(group, undefined);
      return undefined;
    }
    const visit: Visit = { group };
    stack.push(visit);
    const lists = [expander.expandEntries(group.tree, body.members)];
    const { items, places } = listWithPlaces(group.tree, body.include);
    items.forEach((name, i) => {
      if (typeof name !== 'string') return;
      const at = places[i] ?? fileStart(group.tree);
      const target = byKey.get(groupNameKey(name));
      if (target === undefined) return unknown.add(at, name, tenantId);
      const onStack = stack.findIndex((v) => v.group === target);
      if (onStack >= 0) return reportCycle(onStack, at);
      visit.includeAt = at;
      const included = membersOf(target);
      if (included === undefined) {
        diagnostics.push(errorAt(at, 'INCLUDE_UNMANAGED', `include names "${target.name}", whose membership is not managed (it has no members, include or exclude), so it has no members to include`));
        return;
      }
      let list = routed.get(target);
      if (list === undefined) routed.set(target, (list = expander.prefixer.prefix(included, `group ${target.name}`)));
      lists.push(list);
    });
    stack.pop();
    const result = mergeLists(lists.filter((l) => l.members.length > 0), expander.excludedBy(group.tree, body.exclude));
    done.set(group, result);
    return result;
  };

  for (const group of groups) membersOf(group);
  return done;
}
