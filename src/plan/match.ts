import { compareSourceRefs, type Diagnostic, errorAt, formatPlace } from '../errors.js';
import { compareStrings, groupNameKey } from '../model/normalize.js';
import type { LiveGroup, ResolvedGroup } from '../model/types.js';

/** A declared group and the live group it becomes (undefined: it is created). */
export interface GroupMatch {
  desired: ResolvedGroup;
  live: LiveGroup | undefined;
}

export interface MatchResult {
  matches: GroupMatch[];
  /** Live groups no declared group claims: unmanaged (ignored or deleted by policy). */
  unmatched: LiveGroup[];
  /** Live groups groupform never writes (source jit), declared or not. */
  readOnly: LiveGroup[];
  diagnostics: Diagnostic[];
}

interface LiveIndex {
  byExternalId: Map<string, LiveGroup[]>;
  byName: Map<string, LiveGroup[]>;
}

type Found = { live: LiveGroup | undefined } | { problem: string; code: string; involved: LiveGroup[] };

function isReadOnly(group: LiveGroup): boolean {
  return group.source === 'jit';
}

/**
 * Group identity (README, Configuration). Each declared group finds its live group on its own (externalId, else name, else
 * `previously`), so the result never depends on declaration order; two declared groups landing on one live
 * group is then an error rather than first-come-first-served.
 */
export function matchGroups(tenantId: string, desired: readonly ResolvedGroup[], live: readonly LiveGroup[]): MatchResult {
  const index = indexLive(live);
  const diagnostics: Diagnostic[] = [];
  const claims = new Map<string, ResolvedGroup[]>();
  const held = new Set<string>();
  const creates: ResolvedGroup[] = [];
  const liveById = new Map(live.map((g) => [g.id, g]));
  for (const group of withoutDuplicates(tenantId, desired, diagnostics)) {
    const found = findLiveGroup(group, index);
    const prefix = `tenant ${tenantId}, group "${group.name}"`;
    if ('problem' in found) {
      diagnostics.push(errorAt(group.at, found.code, `${prefix}: ${found.problem}`));
      for (const g of found.involved) held.add(g.id);
    } else if (found.live === undefined) {
      creates.push(group);
    } else if (isReadOnly(found.live)) {
      diagnostics.push(
        errorAt(
          group.at,
          'READ_ONLY_GROUP',
          `${prefix}: the live group ${describe(found.live)} comes from SSO logins (source jit); groupform never changes such groups, because the next SSO login would overwrite them. Remove it from the configuration`,
        ),
      );
    } else {
      const list = claims.get(found.live.id) ?? [];
      list.push(group);
      claims.set(found.live.id, list);
      const jit = (index.byName.get(groupNameKey(group.name)) ?? []).filter(isReadOnly);
      if (jit.length > 0) {
        diagnostics.push({
          ...errorAt(
            group.at,
            'JIT_NAME_SHARED',
            `${prefix}: matches ${describe(found.live)}, not the JIT group${jit.length === 1 ? '' : 's'} ${describeAll(jit)} of the same name: JIT groups come from SSO logins and are never written, so the group groupform manages is the other one`,
          ),
          severity: 'warning',
        });
      }
    }
  }
  const matches: GroupMatch[] = creates.map((group) => ({ desired: group, live: undefined }));
  for (const [liveId, claimants] of claims) {
    const target = liveById.get(liveId)!;
    held.add(liveId);
    if (claimants.length === 1) {
      matches.push({ desired: claimants[0]!, live: target });
      continue;
    }
    const sorted = [...claimants].sort((a, b) => compareSourceRefs(a.at, b.at) || compareStrings(a.name, b.name));
    const named = sorted.map((g) => `"${g.name}" (${formatPlace(g.at)})`).join(' and ');
    diagnostics.push(
      errorAt(
        sorted[sorted.length - 1]!.at,
        'AMBIGUOUS_MATCH',
        `tenant ${tenantId}: groups ${named} all match the live group ${describe(target)} (by externalId, name or previously); declare each live group once`,
      ),
    );
  }
  return {
    matches,
    unmatched: live.filter((g) => !held.has(g.id) && !isReadOnly(g)),
    readOnly: live.filter(isReadOnly),
    diagnostics,
  };
}

// The config loader rejects these already (GROUP_DUPLICATE); checked again because two declarations of one
// group would otherwise plan two changes to it. The first by position is planned, the others reported.
function withoutDuplicates(tenantId: string, desired: readonly ResolvedGroup[], diagnostics: Diagnostic[]): ResolvedGroup[] {
  const sorted = [...desired].sort((a, b) => compareSourceRefs(a.at, b.at) || compareStrings(a.name, b.name));
  const byName = new Map<string, ResolvedGroup>();
  const byExternalId = new Map<string, ResolvedGroup>();
  const kept: ResolvedGroup[] = [];
  for (const group of sorted) {
    const sameName = byName.get(groupNameKey(group.name));
    const sameExternalId = group.externalId === undefined ? undefined : byExternalId.get(group.externalId);
    if (sameName !== undefined) {
      diagnostics.push(errorAt(group.at, 'GROUP_DUPLICATE', `tenant ${tenantId}: group "${group.name}" is also declared as "${sameName.name}" (${formatPlace(sameName.at)}); declare it once`));
    } else if (sameExternalId !== undefined) {
      diagnostics.push(
        errorAt(group.at, 'EXTERNAL_ID_DUPLICATE', `tenant ${tenantId}: groups "${sameExternalId.name}" (${formatPlace(sameExternalId.at)}) and "${group.name}" both declare externalId "${group.externalId}"; an externalId names one group`),
      );
    } else {
      byName.set(groupNameKey(group.name), group);
      if (group.externalId !== undefined) byExternalId.set(group.externalId, group);
      kept.push(group);
    }
  }
  return kept;
}

function indexLive(live: readonly LiveGroup[]): LiveIndex {
  const byExternalId = new Map<string, LiveGroup[]>();
  const byName = new Map<string, LiveGroup[]>();
  for (const group of live) {
    if (group.externalId !== undefined) push(byExternalId, group.externalId, group);
    push(byName, groupNameKey(group.name), group);
  }
  return { byExternalId, byName };
}

function findLiveGroup(group: ResolvedGroup, index: LiveIndex): Found {
  const nameKey = groupNameKey(group.name);
  const sameName = index.byName.get(nameKey) ?? [];
  if (group.externalId !== undefined) {
    const byExternalId = index.byExternalId.get(group.externalId) ?? [];
    if (byExternalId.length > 1) {
      return ambiguous(`externalId "${group.externalId}" is held by several live groups: ${describeAll(byExternalId)}; groupform cannot tell which one is meant`, byExternalId);
    }
    const target = byExternalId[0];
    if (target !== undefined) {
      // Only a rename can collide: a group that already has the declared name keeps it, whatever else is live.
      const others = target.name === group.name ? [] : sameName.filter((g) => g.id !== target.id);
      if (others.length > 0) {
        return {
          code: 'NAME_CONFLICT',
          problem: `the live group with externalId "${group.externalId}", ${describe(target)}, would be renamed to "${group.name}", which ${describeAll(others)} already has; rename or delete that group first`,
          involved: [target, ...others],
        };
      }
      return { live: target };
    }
  }
  if (sameName.length > 0) {
    // Descope keeps JIT groups (from SSO logins) apart from SCIM ones, so both may carry the name: the one
    // groupform can write is meant, and the JIT one stays read-only (matchGroups says why).
    const writable = sameName.filter((g) => !isReadOnly(g));
    const candidates = writable.length > 0 ? writable : sameName;
    const exact = candidates.filter((g) => g.name === group.name);
    const target = candidates.length === 1 ? candidates[0] : exact.length === 1 ? exact[0] : undefined;
    if (target === undefined) {
      const jit = sameName.length - candidates.length;
      const note = jit === 0 ? '' : ` (the ${jit === 1 ? 'JIT group' : `${jit} JIT groups`} of that name, from SSO logins, stay as they are)`;
      return ambiguous(`several live groups have this name (ignoring case): ${describeAll(candidates)}; rename or delete all but one of them at the provider${note}`, candidates);
    }
    return checkExternalId(group, target);
  }
  const previous = new Map<string, LiveGroup>();
  for (const name of group.previously) {
    for (const g of index.byName.get(groupNameKey(name)) ?? []) previous.set(g.id, g);
  }
  // As above: a JIT group of an old name stays as it is when a writable one carries that name too.
  const writablePrevious = [...previous.values()].filter((g) => !isReadOnly(g));
  if (writablePrevious.length > 0 && writablePrevious.length < previous.size) {
    for (const g of [...previous.values()]) if (isReadOnly(g)) previous.delete(g.id);
  }
  if (previous.size > 1) {
    const candidates = [...previous.values()];
    return ambiguous(`several live groups have a name listed in previously: ${describeAll(candidates)}; it can be renamed from only one of them`, candidates);
  }
  const renamed = previous.values().next().value;
  return renamed === undefined ? { live: undefined } : checkExternalId(group, renamed);
}

// Two groups that both have an externalId are the same group only if the ids agree; a same-named
// live group with another externalId cannot be adopted, and creating a second group of that name would collide.
function checkExternalId(group: ResolvedGroup, target: LiveGroup): Found {
  if (group.externalId === undefined || target.externalId === undefined || target.externalId === group.externalId) return { live: target };
  if (isReadOnly(target)) return { live: target }; // READ_ONLY_GROUP says more than the externalId mismatch
  return {
    code: 'EXTERNAL_ID_CONFLICT',
    problem: `declares externalId "${group.externalId}", but the live group ${describe(target)} has externalId "${target.externalId}" and no live group has "${group.externalId}"; set externalId to "${target.externalId}" to adopt it, or give the group another name`,
    involved: [target],
  };
}

function ambiguous(problem: string, involved: LiveGroup[]): Found {
  return { code: 'AMBIGUOUS_MATCH', problem, involved };
}

function describe(group: LiveGroup): string {
  return `"${group.name}" (${group.id})`;
}

function describeAll(groups: readonly LiveGroup[]): string {
  return [...groups]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map(describe)
    .join(', ');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
