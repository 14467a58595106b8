import { compareStrings, memberIdentity } from '../model/normalize.js';
import type { ImportedGroup, ImportedMember, ImportedTenant } from './live-to-config.js';

/** A member set proposed by `import --extract-sets`: who the same-named group holds in every tenant that has it. */
export interface ProposedSet {
  name: string;
  /** The group it was found in, and the tenants that now use it there. */
  group: string;
  tenants: string[];
  members: ImportedMember[];
}

/** Fewer shared members than this stay written out: a set of one saves nothing and hides who is in the group. */
export const MIN_SET_MEMBERS = 2;

/**
 * For each group name held by two or more imported tenants, the members all of them share become a set, and each
 * tenant's group lists `{set: NAME}` plus what is only its own. Membership is unchanged, so planning the result
 * against the same live state shows no change. A login id matches case-insensitively, a user id exactly (on a
 * provider whose user ids differ per tenant only login ids are shared). Pure.
 */
export function extractSets(tenants: readonly ImportedTenant[]): { tenants: ImportedTenant[]; sets: ProposedSet[] } {
  const holders = new Map<string, { tenantId: string; group: ImportedGroup }[]>();
  for (const tenant of tenants) {
    for (const group of tenant.groups) {
      if (group.members === undefined || group.members.length === 0) continue;
      holders.set(group.name, [...(holders.get(group.name) ?? []), { tenantId: tenant.tenantId, group }]);
    }
  }
  const taken = new Set<string>();
  const sets: ProposedSet[] = [];
  // group name -> set name and the shared identities, for the tenants that use it.
  const replaced = new Map<string, { set: string; shared: ReadonlySet<string>; tenants: ReadonlySet<string> }>();
  for (const name of [...holders.keys()].sort(compareStrings)) {
    const users = holders.get(name)!;
    if (users.length < 2) continue;
    let shared = new Set(users[0]!.group.members!.map(identity));
    for (const { group } of users.slice(1)) {
      const own = new Set(group.members!.map(identity));
      shared = new Set([...shared].filter((id) => own.has(id)));
    }
    if (shared.size < MIN_SET_MEMBERS) continue;
    const set = uniqueName(slug(name), taken);
    const members = users[0]!.group.members!.filter((m) => shared.has(identity(m)));
    sets.push({ name: set, group: name, tenants: users.map((u) => u.tenantId), members });
    replaced.set(name, { set, shared, tenants: new Set(users.map((u) => u.tenantId)) });
  }
  const rewritten = tenants.map((tenant) => ({
    ...tenant,
    groups: tenant.groups.map((group) => {
      const use = replaced.get(group.name);
      if (use === undefined || group.members === undefined || !use.tenants.has(tenant.tenantId)) return group;
      return { ...group, members: [...group.members.filter((m) => !use.shared.has(identity(m))), { set: use.set }] };
    }),
  }));
  return { tenants: rewritten, sets };
}

function identity(member: ImportedMember): string {
  return 'set' in member ? `s\0${member.set}` : memberIdentity(member);
}

/** `MSP Support` -> `msp-support`; a name with nothing readable -> `shared`. */
function slug(groupName: string): string {
  const readable = groupName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return readable === '' ? 'shared' : readable;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}
