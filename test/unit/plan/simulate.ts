// A minimal provider in memory: applies a tenant plan to a live state the way apply must, and fails loudly on a
// change that would not apply cleanly (unknown group, adding a present member, removing an absent one).
import type { LiveGroup, LiveMember, LiveTenant, TenantPlan } from '../../../src/model/types.js';

export function simulateApply(live: LiveTenant, plan: TenantPlan): LiveTenant {
  const groups = new Map(live.groups.map((g) => [g.id, { ...g, members: [...g.members] }]));
  for (const change of plan.changes) {
    if (change.action === 'create') {
      const id = `new:${change.group}`;
      if (groups.has(id)) throw new Error(`create of ${change.group} twice`);
      groups.set(id, {
        id,
        name: change.group,
        ...(change.externalId === null ? {} : { externalId: change.externalId }),
        members: change.add.map(toLiveMember),
      });
      continue;
    }
    const group = groups.get(change.groupId);
    if (group === undefined) throw new Error(`${change.action} of unknown group ${change.groupId}`);
    if (group.source === 'jit') throw new Error(`${change.action} of the jit group ${group.name}`);
    if (change.action === 'delete') {
      groups.delete(change.groupId);
      continue;
    }
    if (change.renameFrom !== undefined && change.renameFrom !== group.name) throw new Error(`renameFrom ${change.renameFrom} but the group is ${group.name}`);
    group.name = change.group;
    if (change.externalId !== undefined) group.externalId = change.externalId;
    group.members = removeMembers(addMembers(group, change.add.map(toLiveMember)), change.remove.map((m) => m.userId));
  }
  return { ...live, groups: [...groups.values()] };
}

function toLiveMember(member: { userId: string; loginId?: string }): LiveMember {
  return member.loginId === undefined ? { userId: member.userId } : { userId: member.userId, loginId: member.loginId };
}

function addMembers(group: LiveGroup, add: LiveMember[]): LiveGroup {
  const present = new Set(group.members.map((m) => m.userId));
  for (const member of add) {
    if (present.has(member.userId)) throw new Error(`adds ${member.userId} to ${group.name}, which already has it`);
    present.add(member.userId);
  }
  return { ...group, members: [...group.members, ...add] };
}

function removeMembers(group: LiveGroup, remove: string[]): LiveMember[] {
  const present = new Set(group.members.map((m) => m.userId));
  for (const userId of remove) if (!present.has(userId)) throw new Error(`removes ${userId} from ${group.name}, which lacks it`);
  const gone = new Set(remove);
  return group.members.filter((m) => !gone.has(m.userId));
}
