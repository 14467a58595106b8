import { loginIdKey } from '../../model/normalize.js';
import type { DesiredTenant } from '../../model/types.js';
import { userPath } from './client.js';
import { listAllUsers } from './read-members.js';
import { isFilterRefusal, mapAll, type TenantSession } from './session.js';
import { eqFilter, readUser, type WireUser } from './wire.js';

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
        if (!loginIds.has(loginIdKey(member.loginId))) loginIds.set(loginIdKey(member.loginId), member.loginId);
      } else {
        userIds.add(member.userId);
      }
    }
  }
  return { loginIds: [...loginIds.values()], userIds: [...userIds] };
}

type Lookup = { users: WireUser[] } | 'refused';

async function findByUserName(session: TenantSession, userName: string, signal?: AbortSignal): Promise<Lookup> {
  const what = `GET /Users?filter=userName of tenant ${session.tenantId}`;
  try {
    const listed = await session.client.list('Users', {
      filter: eqFilter('userName', userName),
      pageSize: session.profile.pageSize,
      paging: session.profile.paging,
      pageable: session.profile.usersPageable,
      ...(signal ? { signal } : {}),
    });
    return { users: listed.resources.map((r) => readUser(r, what)) };
  } catch (error) {
    if (isFilterRefusal(error)) return 'refused';
    throw error;
  }
}

/** Queries each login id's spelling; returns the declared ids not found, and those the server would not filter. */
async function filterPass(
  session: TenantSession,
  loginIds: readonly string[],
  spell: (loginId: string) => string,
  keep: (users: readonly WireUser[]) => void,
  signal?: AbortSignal,
): Promise<{ missing: string[]; refused: string[] }> {
  const results = await mapAll(session, loginIds, (l) => findByUserName(session, spell(l), signal));
  const missing: string[] = [];
  const refused: string[] = [];
  loginIds.forEach((loginId, i) => {
    const result = results[i];
    if (result === undefined || result === 'refused') {
      refused.push(loginId);
      return;
    }
    const hits = matching(result.users, loginIdKey(loginId));
    keep(hits);
    if (hits.length === 0) missing.push(loginId);
  });
  return { missing, refused };
}

function matching(users: readonly WireUser[], key: string): WireUser[] {
  return users.filter((u) => u.userName !== undefined && loginIdKey(u.userName) === key);
}

/**
 * The users the config names that exist. Login ids compare case-insensitively (SPEC §1) while AWS, Huawei
 * and scimmy compare `userName eq` exactly, so a filter answer is only a candidate set checked here by key:
 * first the declared spelling, then its lowercase (the usual stored form), then, for what is still
 * missing or could not be filtered (scimmy refuses `\"`), one listing of all users compared locally.
 */
export async function findDeclaredUsers(
  session: TenantSession,
  declared: DeclaredUsers,
  allUsers: readonly WireUser[] | undefined,
  signal?: AbortSignal,
): Promise<WireUser[]> {
  const found = new Map<string, WireUser>();
  const keep = (users: readonly WireUser[]): void => users.forEach((u) => found.set(u.id, u));
  if (allUsers !== undefined) {
    const keys = new Set(declared.loginIds.map(loginIdKey));
    const ids = new Set(declared.userIds);
    keep(allUsers.filter((u) => ids.has(u.id) || (u.userName !== undefined && keys.has(loginIdKey(u.userName)))));
    return [...found.values()];
  }
  let missing = declared.loginIds;
  if (session.profile.userNameFilter) {
    const first = await filterPass(session, missing, (l) => l, keep, signal);
    const lowerable = first.missing.filter((l) => l.toLowerCase() !== l);
    const second = await filterPass(session, lowerable, (l) => l.toLowerCase(), keep, signal);
    const stillMissing = new Set([...second.missing, ...second.refused]);
    missing = [...first.refused, ...first.missing.filter((l) => l.toLowerCase() === l || stillMissing.has(l))];
  }
  if (missing.length > 0) {
    const { users } = await listAllUsers(session, signal);
    const keys = new Set(missing.map(loginIdKey));
    keep(users.filter((u) => u.userName !== undefined && keys.has(loginIdKey(u.userName))));
  }
  const byId = await mapAll(session, declared.userIds.filter((id) => !found.has(id)), async (id) => {
    const body = await session.client.get(userPath(id), signal);
    return body === undefined ? undefined : readUser(body, `GET /Users/${id} of tenant ${session.tenantId}`);
  });
  keep(byId.filter((u): u is WireUser => u !== undefined));
  return [...found.values()];
}
