import type { Stop } from '../../http/index.js';
import type { LiveGroup } from '../../model/types.js';
import { groupPath } from './client.js';
import type { GroupWriteTarget, ScimGroupPort } from './group-port.js';
import { canFilterGroups } from './profiles.js';
import { listGroups } from './lists.js';
import type { TenantSession } from './session.js';
import { eqFilter, patchBody, readGroup, readListPage, withETag, type WireGroup } from './wire.js';

/** The writer's port over one SCIM tenant's client. */
export function scimGroupPort(session: TenantSession): ScimGroupPort {
  const { client, profile, tenantId } = session;
  const what = (request: string) => `${request} of tenant ${tenantId}`;
  // One page: a name or an externalId matches a few groups at most.
  const findGroupsBy = async (attribute: 'displayName' | 'externalId', value: string, stop: Stop): Promise<WireGroup[] | undefined> => {
    if (!canFilterGroups(profile, attribute)) return undefined;
    const query = { filter: eqFilter(attribute, value), count: profile.pageSize };
    const response = await client.request({ method: 'GET', path: '/Groups', query, stop });
    const where = what(`GET /Groups?filter=${attribute}`);
    return readListPage(response.body, where).resources.map((r) => readGroup(r, where));
  };
  return {
    async createGroup(body, stop) {
      const response = await client.request({ method: 'POST', path: '/Groups', body, stop });
      return response.body === undefined ? undefined : readGroup(response.body, what('POST /Groups'));
    },
    async getGroup(groupId, stop) {
      const response = await client.request({ method: 'GET', path: groupPath(groupId), accept: [404], stop });
      return response.status === 404 ? undefined : withETag(readGroup(response.body, what(`GET /Groups/${groupId}`)), response.headers);
    },
    findGroupsByName: (displayName, stop) => findGroupsBy('displayName', displayName, stop),
    findGroupsByExternalId: (externalId, stop) => findGroupsBy('externalId', externalId, stop),
    // A partial list is still worth searching for a name (after a 409): the filter came first.
    listGroups: async (stop: Stop) => (await listGroups(session, stop)).groups,
    async patchGroup(groupId, operations, stop) {
      await client.request({ method: 'PATCH', path: groupPath(groupId), body: patchBody(operations), idempotent: true, stop });
    },
    async replaceGroup(groupId, body, stop, ifMatch) {
      await client.request({ method: 'PUT', path: groupPath(groupId), body, stop, ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }) });
    },
    async deleteGroup(groupId, stop) {
      const response = await client.request({ method: 'DELETE', path: groupPath(groupId), accept: [404], stop });
      return response.status === 404 ? 'gone' : 'deleted';
    },
  };
}

/** A SCIM tenant as the writer's target: its profile's limits; PUT from the start when the server has no PATCH. */
export function scimWriteTarget(session: TenantSession, loaded?: (groupId: string) => LiveGroup | undefined): GroupWriteTarget {
  const { profile } = session;
  return {
    tenantId: session.tenantId,
    port: scimGroupPort(session),
    limits: profile,
    mode: { put: profile.writeStyle === 'put' },
    ...(loaded === undefined ? {} : { loaded }),
  };
}
