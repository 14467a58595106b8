import { loginIdKey } from '../../model/normalize.js';
import type { DeclaredUsers } from '../declared-users.js';
import { userPath } from './client.js';
import { listAllUsers } from './lists.js';
import { isFilterRefusal, mapAll, type TenantSession } from './session.js';
import { usersListable } from './profiles.js';
import { eqFilter, readUser, type WireUser } from './wire.js';

type Lookup = { users: WireUser[] } | 'refused';

async function findByUserName(session: TenantSession, userName: string, signal?: AbortSignal): Promise<Lookup> {
  const what = `GET /Users?filter=userName of tenant ${session.tenantId}`;
  try {
    const listed = await session.client.list('Users', {
      filter: eqFilter('userName', userName),
      pageSize: session.profile.pageSize,
      paging: session.profile.paging,
      ...(signal ? { stop: { signal } } : {}),
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

export interface FoundUsers {
  /** The declared users that exist. */
  declared: WireUser[];
  /** Every user of the tenant, when they were listed along the way. */
  all?: WireUser[];
}

function pick(users: readonly WireUser[], declared: DeclaredUsers): WireUser[] {
  const keys = new Set(declared.loginIds.map(loginIdKey));
  const ids = new Set(declared.userIds);
  return users.filter((u) => ids.has(u.id) || (u.userName !== undefined && keys.has(loginIdKey(u.userName))));
}

/**
 * The whole user list when reading it costs fewer rounds than one lookup per declared user: its pages are read
 * while they are fewer than the rounds of lookups the concurrency allows, and used only where the list's end is
 * proven (AWS without a cursor and Huawei's users show one page whose totalResults may count only itself).
 */
async function listUsersIfCheaper(session: TenantSession, lookups: number, signal?: AbortSignal): Promise<WireUser[] | undefined> {
  if (lookups <= session.concurrency) return undefined;
  const listed = await listAllUsers(session, signal, Math.ceil(lookups / session.concurrency));
  return listed.complete ? listed.users : undefined;
}

/**
 * The users the config names that exist. Login ids compare case-insensitively (README, Configuration) while AWS, Huawei
 * and scimmy compare `userName eq` exactly, so a filter answer is only a candidate set checked here by key:
 * first the declared spelling, then its lowercase (the usual stored form), then, for what is still
 * missing or could not be filtered (scimmy refuses `\"`), one listing of all users compared locally.
 */
export async function findDeclaredUsers(
  session: TenantSession,
  declared: DeclaredUsers,
  allUsers: readonly WireUser[] | undefined,
  signal?: AbortSignal,
): Promise<FoundUsers> {
  const listed = allUsers ?? (await listUsersIfCheaper(session, declared.loginIds.length + declared.userIds.length, signal));
  if (listed !== undefined) return { declared: pick(listed, declared), all: [...listed] };
  const found = new Map<string, WireUser>();
  const keep = (users: readonly WireUser[]): void => users.forEach((u) => found.set(u.id, u));
  let missing = declared.loginIds;
  if (session.profile.userNameFilter) {
    const first = await filterPass(session, missing, (l) => l, keep, signal);
    const lowerable = first.missing.filter((l) => l.toLowerCase() !== l);
    const second = await filterPass(session, lowerable, (l) => l.toLowerCase(), keep, signal);
    const stillMissing = new Set([...second.missing, ...second.refused]);
    missing = [...first.refused, ...first.missing.filter((l) => l.toLowerCase() === l || stillMissing.has(l))];
  }
  let all: WireUser[] | undefined;
  if (missing.length > 0) {
    const everyone = await listAllUsers(session, signal);
    keep(pick(everyone.users, { loginIds: missing, userIds: [] }));
    if (everyone.complete) all = everyone.users;
  }
  const unchecked = declared.userIds.filter((id) => !found.has(id));
  keep(all === undefined ? await getUsers(session, unchecked, signal) : pick(all, { loginIds: [], userIds: unchecked }));
  return { declared: [...found.values()], ...(all === undefined ? {} : { all }) };
}

/**
 * Login ids for live members the config does not name (removals and `import` show them): GET each when they
 * are few, else one listing of all users where the server pages them (cheaper than thousands of GETs).
 */
export async function findMemberUsers(session: TenantSession, userIds: readonly string[], signal?: AbortSignal): Promise<WireUser[]> {
  if (userIds.length === 0) return [];
  if (userIds.length > 2 * session.profile.pageSize && usersListable(session.profile)) {
    const wanted = new Set(userIds);
    const listed = await listAllUsers(session, signal);
    const found = listed.users.filter((u) => wanted.has(u.id));
    if (listed.complete) return found;
    const seen = new Set(found.map((u) => u.id));
    return [...found, ...(await getUsers(session, userIds.filter((id) => !seen.has(id)), signal))];
  }
  return getUsers(session, userIds, signal);
}

/** GET /Users/{id} each; a 404 is a user that does not exist. */
async function getUsers(session: TenantSession, userIds: readonly string[], signal?: AbortSignal): Promise<WireUser[]> {
  const users = await mapAll(session, userIds, async (id) => {
    const body = await session.client.get(userPath(id), { signal });
    return body === undefined ? undefined : readUser(body, `GET /Users/${id} of tenant ${session.tenantId}`);
  });
  return users.filter((u): u is WireUser => u !== undefined);
}
