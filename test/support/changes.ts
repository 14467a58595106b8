import type { CreateChange, DeleteChange, UpdateChange } from '../../src/model/types.js';

const members = (userIds: string[]) => userIds.map((userId) => ({ userId }));

export const create = (group: string, add: string[] = [], externalId: string | null = null): CreateChange => ({
  action: 'create', group, externalId, membersMode: 'authoritative', add: members(add), remove: [],
});
export const update = (group: string, groupId: string, add: string[] = [], remove: string[] = [], renameFrom?: string): UpdateChange => ({
  action: 'update', group, groupId, membersMode: 'authoritative', ...(renameFrom === undefined ? {} : { renameFrom }),
  add: members(add), remove: members(remove),
});
export const remove = (group: string, groupId: string, removed: string[] = []): DeleteChange => ({
  action: 'delete', group, groupId, add: [], remove: members(removed),
});
