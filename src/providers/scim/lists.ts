import type { Stop } from '../../http/index.js';
import type { TenantSession } from './session.js';
import { readGroup, readUser, type WireGroup, type WireUser } from './wire.js';

/** Every group, or as many as the server pages to; `complete: false` where its end is not proven. */
export async function listGroups(session: TenantSession, stop: Stop = {}): Promise<{ groups: WireGroup[]; complete: boolean }> {
  const { profile } = session;
  const what = `GET /Groups of tenant ${session.tenantId}`;
  const listed = await session.client.list('Groups', { pageSize: profile.pageSize, paging: profile.paging, stop });
  return { groups: listed.resources.map((r) => readGroup(r, what)), complete: listed.complete };
}

/** Every user, where the list's end can be proven (else complete: false); `maxPages` stops early. */
export async function listAllUsers(session: TenantSession, signal?: AbortSignal, maxPages?: number): Promise<{ users: WireUser[]; complete: boolean }> {
  const { profile } = session;
  const listed = await session.client.list('Users', {
    pageSize: profile.pageSize,
    paging: profile.paging,
    ...(maxPages === undefined ? {} : { maxPages }),
    ...(signal ? { stop: { signal } } : {}),
  });
  return { users: listed.resources.map((r) => readUser(r, `GET /Users of tenant ${session.tenantId}`)), complete: listed.complete };
}
