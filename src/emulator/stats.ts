import { compareStrings } from '../model/normalize.js';
import { faultKinds, type FaultKind } from './options.js';

/** The body of GET /_emulator/stats; keys sorted. */
export interface EmulatorStats {
  /** Provider requests received (not /_emulator/*). */
  requests: number;
  /** Route name (e.g. `POST /v1/mgmt/group/all`, `GET /{tenantId}/scim/v2/Groups`) -> requests. */
  routes: Record<string, number>;
  /** Route name -> HTTP status -> responses. */
  routeStatuses: Record<string, Record<string, number>>;
  /** HTTP status -> responses; faults that send no response (reset, timeout) are not here. */
  statuses: Record<string, number>;
  /** Fault kind -> injected faults; every kind is present. */
  faults: Record<FaultKind, number>;
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareStrings(a, b)));
}

export class StatsRecorder {
  #requests = 0;
  #routes = new Map<string, number>();
  #routeStatuses = new Map<string, Map<string, number>>();
  #statuses = new Map<string, number>();
  #faults = new Map<string, number>();

  recordRequest(route: string): void {
    this.#requests++;
    bump(this.#routes, route);
  }

  recordStatus(route: string, status: number): void {
    bump(this.#statuses, String(status));
    let perRoute = this.#routeStatuses.get(route);
    if (perRoute === undefined) this.#routeStatuses.set(route, (perRoute = new Map()));
    bump(perRoute, String(status));
  }

  recordFault(kind: FaultKind): void {
    bump(this.#faults, kind);
  }

  reset(): void {
    this.#requests = 0;
    this.#routes.clear();
    this.#routeStatuses.clear();
    this.#statuses.clear();
    this.#faults.clear();
  }

  snapshot(): EmulatorStats {
    return {
      requests: this.#requests,
      routes: sortedRecord(this.#routes),
      routeStatuses: sortedRecord([...this.#routeStatuses].map(([route, counts]): [string, Record<string, number>] => [route, sortedRecord(counts)])),
      statuses: sortedRecord(this.#statuses),
      faults: Object.fromEntries(faultKinds.map((kind) => [kind, this.#faults.get(kind) ?? 0])) as Record<FaultKind, number>,
    };
  }
}
