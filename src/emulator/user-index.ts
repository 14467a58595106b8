import { loginIdKey } from '../model/normalize.js';
import type { EmulatorUser } from './records.js';

/**
 * The lookups behind the Descope user reads, so a search costs what it asks for instead of a scan of every
 * project user (bench/RESULTS.md finding 4). Built in one pass from the state's user maps; EmulatorState drops
 * it on every user write and builds it again on the next read, so it cannot fall out of step, and start-up
 * (which writes every user) does not pay for it.
 */
export class UserIndex {
  /** Position in EmulatorState.projectUsers: the order every search answer keeps. */
  readonly #rank = new Map<string, number>();
  /** Login-id key -> the project users with a login id of that key, in project order. */
  readonly #byLoginKey = new Map<string, EmulatorUser[]>();
  /** Tenant id -> the project users (the objects search answers with) of its users, in project order. */
  readonly #byTenant = new Map<string, EmulatorUser[]>();
  /** Login-id keys of every user object, tenant copies included; NFC normalising is what made scans slow. */
  readonly #keys = new WeakMap<EmulatorUser, readonly string[]>();

  constructor(projectUsers: ReadonlyMap<string, EmulatorUser>, userTenants: ReadonlyMap<string, readonly string[]>) {
    for (const user of projectUsers.values()) {
      this.#rank.set(user.userId, this.#rank.size);
      for (const key of new Set(this.loginKeys(user))) append(this.#byLoginKey, key, user);
      for (const tenantId of userTenants.get(user.userId) ?? []) append(this.#byTenant, tenantId, user);
    }
  }

  loginKeys(user: EmulatorUser): readonly string[] {
    let keys = this.#keys.get(user);
    if (keys === undefined) {
      keys = user.loginIds.map(loginIdKey);
      this.#keys.set(user, keys);
    }
    return keys;
  }

  usersWithLoginKey(key: string): readonly EmulatorUser[] {
    return this.#byLoginKey.get(key) ?? [];
  }

  tenantUsers(tenantId: string): readonly EmulatorUser[] {
    return this.#byTenant.get(tenantId) ?? [];
  }

  /** Project users in project order, each once. */
  inProjectOrder(users: Iterable<EmulatorUser>): EmulatorUser[] {
    const rank = (user: EmulatorUser): number => this.#rank.get(user.userId) ?? Number.MAX_SAFE_INTEGER;
    return [...new Set(users)].sort((a, b) => rank(a) - rank(b));
  }
}

function append<T>(map: Map<string, T[]>, key: string, value: T): void {
  const values = map.get(key);
  if (values === undefined) map.set(key, [value]);
  else values.push(value);
}
