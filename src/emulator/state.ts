import { snapshotUserLoginIds, type Snapshot, type SnapshotGroup, type SnapshotTenant } from '../config/snapshot.js';
import { UserIndex } from './user-index.js';

export interface EmulatorUser {
  userId: string;
  loginIds: string[];
  display?: string;
  email?: string;
}

export interface EmulatorGroup {
  id: string;
  display: string;
  externalId?: string;
  /** User ids, in the order they joined; no duplicates. */
  members: string[];
  source?: string;
  created: string;
  lastModified: string;
}

export interface EmulatorTenant {
  id: string;
  scimKey?: string;
  /** In seed order. */
  users: Map<string, EmulatorUser>;
  /** In seed order, then creation order. */
  groups: Map<string, EmulatorGroup>;
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
  #tenantsByScimKey = new Map<string, EmulatorTenant[]>();
  #userIndex: UserIndex | undefined;

  constructor(snapshot: Snapshot, now = new Date().toISOString()) {
    this.projectId = snapshot.projectId;
    this.managementKey = snapshot.managementKey;
    for (const [tenantId, seed] of Object.entries(snapshot.tenants)) this.#addTenant(tenantId, seed, now);
  }

  #addTenant(tenantId: string, seed: SnapshotTenant, now: string): void {
    const tenant: EmulatorTenant = { id: tenantId, users: new Map(), groups: new Map() };
    if (seed.scimKey !== undefined) {
      tenant.scimKey = seed.scimKey;
      const sharing = this.#tenantsByScimKey.get(seed.scimKey);
      if (sharing === undefined) this.#tenantsByScimKey.set(seed.scimKey, [tenant]);
      else sharing.push(tenant);
    }
    for (const u of seed.users ?? []) {
      const user: EmulatorUser = { userId: u.userId, loginIds: snapshotUserLoginIds(u) };
      if (u.display !== undefined) user.display = u.display;
      if (u.email !== undefined) user.email = u.email;
      this.#addUser(tenant, user);
    }
    for (const g of seed.groups ?? []) tenant.groups.set(g.id, seedGroup(g, now));
    this.tenants.set(tenantId, tenant);
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

  /** The tenant a Descope SCIM key belongs to; 'ambiguous' when several tenants share it. */
  tenantByScimKey(key: string): EmulatorTenant | 'ambiguous' | undefined {
    const tenants = this.#tenantsByScimKey.get(key);
    if (tenants === undefined) return undefined;
    return tenants.length === 1 ? tenants[0] : 'ambiguous';
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
      out.users = [...tenant.users.values()].map((u) => ({
        userId: u.userId,
        ...(u.loginIds.length === 1 ? { loginId: u.loginIds[0] } : u.loginIds.length > 1 ? { loginIds: [...u.loginIds] } : {}),
        ...(u.display === undefined ? {} : { display: u.display }),
        ...(u.email === undefined ? {} : { email: u.email }),
      }));
      out.groups = [...tenant.groups.values()].map((g) => ({
        id: g.id,
        display: g.display,
        ...(g.externalId === undefined ? {} : { externalId: g.externalId }),
        members: [...g.members],
        ...(g.source === undefined ? {} : { source: g.source }),
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
  return group;
}
