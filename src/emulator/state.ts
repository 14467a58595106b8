import { snapshotUserLoginIds, type Snapshot, type SnapshotGroup, type SnapshotTenant } from '../config/snapshot.js';
import type { EmulatorGroup, EmulatorTenant, EmulatorUser, ScimKeyOwner } from './records.js';
import { UserIndex } from './user-index.js';

export interface EmulatorStateOptions {
  /** Milliseconds before a SCIM write shows in managementGroups(). */
  consistencyLagMs?: number;
}

/** What the management API shows of a tenant while SCIM writes are not yet visible to it. */
interface LaggedView {
  groups: Map<string, EmulatorGroup>;
  /** In write order: at `at`, group `id` becomes `group` (undefined: deleted). */
  pending: { at: number; id: string; group: EmulatorGroup | undefined }[];
}

/** One state behind every API: a SCIM write shows in the management reads and the other way round. */
export class EmulatorState {
  readonly projectId: string | undefined;
  readonly managementKey: string | undefined;
  readonly tenants = new Map<string, EmulatorTenant>();
  /** Descope users are project-wide; the first tenant that lists a user defines it. */
  readonly projectUsers = new Map<string, EmulatorUser>();
  readonly userTenants = new Map<string, string[]>();
  /** Bumped on every change, so persistence knows when to write. */
  version = 0;
  #nextGroupNumber = 1;
  #keyOwners = new Map<string, ScimKeyOwner[]>();
  #userIndex: UserIndex | undefined;
  readonly #lagMs: number;
  readonly #lagged = new Map<EmulatorTenant, LaggedView>();

  constructor(snapshot: Snapshot, options: EmulatorStateOptions = {}, now = new Date().toISOString()) {
    this.projectId = snapshot.projectId;
    this.managementKey = snapshot.managementKey;
    this.#lagMs = options.consistencyLagMs ?? 0;
    for (const [tenantId, seed] of Object.entries(snapshot.tenants)) this.#addTenant(tenantId, seed, now);
  }

  #addKey(key: string, owner: ScimKeyOwner): void {
    const sharing = this.#keyOwners.get(key);
    if (sharing === undefined) this.#keyOwners.set(key, [owner]);
    else sharing.push(owner);
  }

  #addTenant(tenantId: string, seed: SnapshotTenant, now: string): void {
    const tenant: EmulatorTenant = { id: tenantId, users: new Map(), groups: new Map() };
    if (seed.scimKey !== undefined) {
      tenant.scimKey = seed.scimKey;
      this.#addKey(seed.scimKey, { tenant });
    }
    if (seed.scimKeys !== undefined && seed.scimKeys.length > 0) {
      tenant.scimKeys = seed.scimKeys.map((k) => ({ ...k }));
      for (const { key, ssoId } of seed.scimKeys) this.#addKey(key, { tenant, ssoId });
    }
    for (const u of seed.users ?? []) {
      const user: EmulatorUser = { userId: u.userId, loginIds: snapshotUserLoginIds(u) };
      if (u.display !== undefined) user.display = u.display;
      if (u.email !== undefined) user.email = u.email;
      this.#addUser(tenant, user);
    }
    for (const g of seed.groups ?? []) tenant.groups.set(g.id, seedGroup(g, now));
    this.tenants.set(tenantId, tenant);
    if (this.#lagMs > 0) this.#lagged.set(tenant, { groups: cloneGroups(tenant.groups), pending: [] });
  }

  /** After a SCIM write of group `id` (gone: deleted): the management reads see it once the lag has passed. */
  noteGroupWrite(tenant: EmulatorTenant, id: string): void {
    const view = this.#lagged.get(tenant);
    const group = tenant.groups.get(id);
    view?.pending.push({ at: Date.now() + this.#lagMs, id, group: group === undefined ? undefined : cloneGroup(group) });
  }

  /** The tenant's groups as the management API shows them: SCIM writes appear only after the consistency lag. */
  managementGroups(tenant: EmulatorTenant): ReadonlyMap<string, EmulatorGroup> {
    const view = this.#lagged.get(tenant);
    if (view === undefined) return tenant.groups;
    const now = Date.now();
    while (view.pending.length > 0 && view.pending[0]!.at <= now) {
      const { id, group } = view.pending.shift()!;
      if (group === undefined) view.groups.delete(id);
      else view.groups.set(id, group);
    }
    return view.groups;
  }

  /** Users are written only while the state is built (no API writes users), so the index never goes stale. */
  #addUser(tenant: EmulatorTenant, user: EmulatorUser): void {
    tenant.users.set(user.userId, user);
    if (!this.projectUsers.has(user.userId)) this.projectUsers.set(user.userId, user);
    const tenantIds = this.userTenants.get(user.userId);
    if (tenantIds === undefined) this.userTenants.set(user.userId, [tenant.id]);
    else if (!tenantIds.includes(tenant.id)) tenantIds.push(tenant.id);
  }

  /** Lookups for the user reads, built on first use so start-up does not pay for them. */
  get userIndex(): UserIndex {
    this.#userIndex ??= new UserIndex(this.projectUsers, this.userTenants);
    return this.#userIndex;
  }

  /** The tenant (and SSO configuration) a Descope SCIM key belongs to; 'ambiguous' when several share it. */
  scimKeyOwner(key: string): ScimKeyOwner | 'ambiguous' | undefined {
    const owners = this.#keyOwners.get(key);
    if (owners === undefined) return undefined;
    return owners.length === 1 ? owners[0] : 'ambiguous';
  }

  /** Ids the emulator hands out never collide with seeded ones. */
  newGroupId(tenant: EmulatorTenant): string {
    for (;;) {
      const id = `G${String(this.#nextGroupNumber++).padStart(8, '0')}`;
      if (!tenant.groups.has(id)) return id;
    }
  }

  touch(): void {
    this.version++;
  }

  toSnapshot(): Snapshot {
    const tenants: Snapshot['tenants'] = {};
    for (const tenant of this.tenants.values()) {
      const out: SnapshotTenant = {};
      if (tenant.scimKey !== undefined) out.scimKey = tenant.scimKey;
      if (tenant.scimKeys !== undefined) out.scimKeys = tenant.scimKeys.map((k) => ({ ...k }));
      out.users = [...tenant.users.values()].map((u) => ({
        userId: u.userId,
        ...(u.loginIds.length === 1 ? { loginId: u.loginIds[0]! } : u.loginIds.length > 1 ? { loginIds: [...u.loginIds] } : {}),
        ...(u.display === undefined ? {} : { display: u.display }),
        ...(u.email === undefined ? {} : { email: u.email }),
      }));
      out.groups = [...tenant.groups.values()].map((g) => ({
        id: g.id,
        display: g.display,
        ...(g.externalId === undefined ? {} : { externalId: g.externalId }),
        members: [...g.members],
        ...(g.source === undefined ? {} : { source: g.source }),
        ...(g.ssoId === undefined ? {} : { ssoId: g.ssoId }),
      }));
      tenants[tenant.id] = out;
    }
    return {
      ...(this.projectId === undefined ? {} : { projectId: this.projectId }),
      ...(this.managementKey === undefined ? {} : { managementKey: this.managementKey }),
      tenants,
    };
  }
}

function seedGroup(g: SnapshotGroup, now: string): EmulatorGroup {
  const group: EmulatorGroup = { id: g.id, display: g.display, members: [...new Set(g.members ?? [])], created: now, lastModified: now };
  if (g.externalId !== undefined) group.externalId = g.externalId;
  if (g.source !== undefined) group.source = g.source;
  if (g.ssoId !== undefined) group.ssoId = g.ssoId;
  return group;
}

function cloneGroup(group: EmulatorGroup): EmulatorGroup {
  return { ...group, members: [...group.members] };
}

function cloneGroups(groups: ReadonlyMap<string, EmulatorGroup>): Map<string, EmulatorGroup> {
  return new Map([...groups].map(([id, g]) => [id, cloneGroup(g)]));
}
