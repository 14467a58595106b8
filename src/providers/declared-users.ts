import { loginIdKey } from '../model/normalize.js';
import type { DesiredTenant } from '../model/types.js';

/** Every user a desired tenant names, for a provider to look up: login ids (first spelling wins) and user ids. */
export interface DeclaredUsers {
  loginIds: string[];
  userIds: string[];
}

export function declaredUsers(desired: DesiredTenant): DeclaredUsers {
  const loginIds = new Map<string, string>();
  const userIds = new Set<string>();
  for (const group of desired.groups) {
    for (const member of group.members ?? []) {
      if ('loginId' in member) {
        const key = loginIdKey(member.loginId);
        if (!loginIds.has(key)) loginIds.set(key, member.loginId);
      } else {
        userIds.add(member.userId);
      }
    }
  }
  return { loginIds: [...loginIds.values()], userIds: [...userIds] };
}
