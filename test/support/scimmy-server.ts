import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import SCIMMYRouters, { SCIMMY } from 'scimmy-routers';

/**
 * A third-party SCIM 2.0 server for tests: scimmy (the protocol) + scimmy-routers (express endpoints), with
 * in-memory storage per tenant under `/{tenantId}/scim/v2`. Filtering and paging are scimmy's own, so its
 * quirks (docs/providers.md) are real: `eq` compares exactly, `\"` in a filter value is a 400, re-adding a member
 * duplicates it, the default page size is 20, a startIndex past the end answers the first page again,
 * `members` disappears when a group is emptied.
 */

export interface ScimmyUserSeed {
  id: string;
  userName: string;
  displayName?: string;
}

export interface ScimmyGroupSeed {
  id?: string;
  displayName: string;
  externalId?: string;
  members?: string[];
}

export interface ScimmyTenantSeed {
  token: string;
  users: ScimmyUserSeed[];
  groups?: ScimmyGroupSeed[];
}

interface StoredGroup {
  id: string;
  displayName: string;
  externalId?: string;
  /** Absent after scimmy's PATCH removes the last member, as scimmy hands it to ingress. */
  members?: { value: string; display?: string }[];
}

interface TenantStore {
  token: string;
  users: Map<string, ScimmyUserSeed>;
  groups: Map<string, StoredGroup>;
  nextGroup: number;
}

export interface ScimmyServerOptions {
  tenants: Record<string, ScimmyTenantSeed>;
  /** Answer PATCH with 501 and say so in /ServiceProviderConfig (RFC 7644 §3.12), as a PUT-only server does. */
  patchSupported?: boolean;
  /** false: lists leave `members` out (GET of one group still shows them), as some servers do to stay fast. */
  membersOnList?: boolean;
}

export interface LoggedRequest {
  method: string;
  /** Path and query as received (still percent-encoded). */
  url: string;
  body?: unknown;
}

export interface ScimmyServer {
  /** `http://127.0.0.1:PORT/{tenantId}/scim/v2`, the placeholder left in. */
  baseUrl: string;
  /** The stored groups of a tenant, members as stored (duplicates kept), sorted by displayName. */
  groups(tenantId: string): (Omit<StoredGroup, 'members'> & { members: { value: string; display?: string }[] })[];
  /** Every request, in arrival order; `body` parsed when it was JSON. */
  requests: LoggedRequest[];
  close(): Promise<void>;
}

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

interface ScimContext {
  store: TenantStore;
  membersOnList?: boolean;
}

function storeOf(ctx: unknown): TenantStore {
  const store = (ctx as ScimContext | undefined)?.store;
  if (store === undefined) throw new SCIMMY.Types.Error(500, '', 'no tenant context');
  return store;
}

function findOrThrow<T>(map: Map<string, T>, id: string, kind: string): T {
  const found = map.get(id);
  if (found === undefined) throw new SCIMMY.Types.Error(404, '', `${kind} ${id} not found`);
  return found;
}

function renderGroup(group: StoredGroup, forFilter = false): Record<string, unknown> {
  // scimmy's filter fails on a group without `members` when asked `members.value eq` (docs/providers.md): the
  // filter sees [] while the answer keeps the attribute absent, as stored.
  const members = group.members ?? (forFilter ? [] : undefined);
  return {
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId === undefined ? {} : { externalId: group.externalId }),
    ...(members === undefined ? {} : { members: members.map((m) => ({ ...m, type: 'User' })) }),
  };
}

let declared = false;

// SCIMMY keeps declared resources in a process-wide singleton: declare once, and let each request's context
// carry the store of the server and tenant it addresses.
function declareResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .egress((resource, ctx) => {
      const store = storeOf(ctx);
      if (resource.id !== undefined) return findOrThrow(store.users, resource.id, 'user');
      const users = [...store.users.values()];
      return (resource.filter?.match(users) ?? users) as never;
    })
    .ingress(() => {
      throw new SCIMMY.Types.Error(501, '', 'users are read-only here');
    })
    .degress(() => {
      throw new SCIMMY.Types.Error(501, '', 'users are read-only here');
    });
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .egress((resource, ctx) => {
      const store = storeOf(ctx);
      if (resource.id !== undefined) return renderGroup(findOrThrow(store.groups, resource.id, 'group')) as never;
      const all = [...store.groups.values()];
      const matched = resource.filter === undefined ? undefined : new Set(resource.filter.match(all.map((g) => renderGroup(g, true))).map((g: { id: string }) => g.id));
      const groups = matched === undefined ? all : all.filter((g) => matched.has(g.id));
      const listed = (ctx as ScimContext).membersOnList === false ? groups.map(({ members: _members, ...g }) => g) : groups;
      return listed.map((g) => renderGroup(g)) as never;
    })
    .ingress((resource, instance, ctx) => {
      const store = storeOf(ctx);
      const data = instance as unknown as { displayName: string; externalId?: string; members?: { value: string; display?: string }[] };
      for (const other of store.groups.values()) {
        if (other.id !== resource.id && other.displayName === data.displayName) {
          throw new SCIMMY.Types.Error(409, 'uniqueness', `a group named ${data.displayName} already exists`);
        }
      }
      const members = data.members?.map((m) => {
        if (!store.users.has(m.value)) throw new SCIMMY.Types.Error(400, 'invalidValue', `no such user ${m.value}`);
        return { value: m.value, ...(m.display === undefined ? {} : { display: m.display }) };
      });
      const id = resource.id ?? `grp-${++store.nextGroup}`;
      if (resource.id !== undefined) findOrThrow(store.groups, id, 'group');
      const group: StoredGroup = {
        id,
        displayName: data.displayName,
        ...(data.externalId === undefined ? {} : { externalId: data.externalId }),
        ...(members === undefined ? {} : { members }),
      };
      store.groups.set(id, group);
      return renderGroup(group) as never;
    })
    .degress((resource, ctx) => {
      const store = storeOf(ctx);
      findOrThrow(store.groups, resource.id ?? '', 'group');
      store.groups.delete(resource.id ?? '');
    });
}

function toStore(seed: ScimmyTenantSeed): TenantStore {
  const groups = new Map<string, StoredGroup>();
  let n = 0;
  for (const g of seed.groups ?? []) {
    const id = g.id ?? `grp-${++n}`;
    groups.set(id, {
      id,
      displayName: g.displayName,
      ...(g.externalId === undefined ? {} : { externalId: g.externalId }),
      members: (g.members ?? []).map((value) => ({ value })),
    });
  }
  return { token: seed.token, users: new Map(seed.users.map((u) => [u.id, { ...u }])), groups, nextGroup: 1000 + n };
}

function scimErrorBody(status: number, detail: string, scimType?: string): Record<string, unknown> {
  return { schemas: [SCIM_ERROR], status: String(status), ...(scimType === undefined ? {} : { scimType }), detail };
}

export async function startScimmyServer(options: ScimmyServerOptions): Promise<ScimmyServer> {
  declareResources();
  const stores = new Map(Object.entries(options.tenants).map(([id, seed]) => [id, toStore(seed)]));
  const requests: LoggedRequest[] = [];
  const app = express();
  app.use(express.json({ type: ['application/scim+json', 'application/json'] }));
  app.use((req, _res, next) => {
    const body: unknown = req.body;
    requests.push({ method: req.method, url: req.originalUrl, ...(body === undefined ? {} : { body }) });
    next();
  });
  const tenantRoutes = express.Router({ mergeParams: true });
  tenantRoutes.use((req: Request<{ tenantId: string }>, res: Response, next: NextFunction) => {
    const store = stores.get(req.params.tenantId);
    if (store === undefined) {
      res.status(404).json(scimErrorBody(404, `no tenant ${req.params.tenantId}`));
      return;
    }
    (req as unknown as ScimContext).store = store;
    // scimmy honours startIndex and count only as numbers, and scimmy-routers hands it the query strings, so
    // without this every list is its first 20 items. A deployment has to convert them; so does this one.
    const query = { ...(req.query as Record<string, unknown>) };
    for (const key of ['startIndex', 'count']) {
      const raw = query[key];
      if (typeof raw === 'string' && /^\d+$/.test(raw)) query[key] = Number(raw);
    }
    Object.defineProperty(req, 'query', { value: query, configurable: true, enumerable: true });
    if (options.patchSupported === false) {
      if (req.method === 'PATCH') {
        res.status(501).type('application/scim+json').send(scimErrorBody(501, 'PATCH is not supported'));
        return;
      }
      if (req.method === 'GET' && req.path === '/ServiceProviderConfig') {
        res.type('application/scim+json').send({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
          patch: { supported: false },
          filter: { supported: true, maxResults: 200 },
          bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
          changePassword: { supported: false },
          sort: { supported: false },
          etag: { supported: false },
          authenticationSchemes: [],
        });
        return;
      }
    }
    next();
  });
  tenantRoutes.use(
    new SCIMMYRouters({
      type: 'bearer',
      handler: (req) => {
        const store = (req as unknown as ScimContext).store;
        if (req.header('authorization') !== `Bearer ${store.token}`) throw new Error('invalid bearer token');
        return 'admin';
      },
      context: (req): ScimContext => ({ store: (req as unknown as ScimContext).store, membersOnList: options.membersOnList !== false }),
    }),
  );
  app.use('/:tenantId/scim/v2', tenantRoutes);

  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/{tenantId}/scim/v2`,
    requests,
    groups: (tenantId) =>
      [...(stores.get(tenantId)?.groups.values() ?? [])]
        .map((g) => ({ ...g, members: (g.members ?? []).map((m) => ({ ...m })) }))
        .sort((a, b) => (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0)),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
