import { nothingWritten, type WrittenPart } from '../written.js';
import type { CreateProbe, GroupWriteTarget, ScimGroupPort } from './group-port.js';
import type { PatchOperation } from './wire.js';

const count = (value: unknown): number => (Array.isArray(value) ? value.length : value === undefined ? 0 : 1);

/** What one PATCH that went through did to membership and attributes. */
function tallyPatch(written: WrittenPart, operations: readonly PatchOperation[]): void {
  for (const operation of operations) {
    if (operation.op === 'replace') written.attributesChanged = true;
    else if (operation.op === 'add') written.membersAdded += count(operation.value);
    else if (operation.path === 'members') written.membersRemoved += count(operation.value);
    else written.membersRemoved += 1;
  }
}

/**
 * The target with a port that counts what each request that went through wrote, for one change. A PUT is the
 * edit's last request and does all of it, so only its attributes are counted: a change whose PUT went through
 * failed nowhere after it.
 */
export function countingTarget(target: GroupWriteTarget): { target: GroupWriteTarget; written: WrittenPart } {
  const written = nothingWritten();
  const { port } = target;
  const overrides: Partial<ScimGroupPort> = {
    async createGroup(body, stop) {
      const created = await port.createGroup(body, stop);
      written.groupCreated = true;
      written.membersAdded += count(body.members);
      return created;
    },
    async patchGroup(groupId, operations, stop) {
      await port.patchGroup(groupId, operations, stop);
      tallyPatch(written, operations);
    },
    async replaceGroup(...args: Parameters<ScimGroupPort['replaceGroup']>) {
      await port.replaceGroup(...args);
      written.attributesChanged = true;
    },
  };
  // A port may be a class instance: its other methods are called on it, as they are without the tally.
  const counted = new Proxy(port, {
    get: (on, key) => {
      const own = overrides[key as keyof ScimGroupPort];
      if (own !== undefined) return own;
      const value: unknown = Reflect.get(on, key, on);
      return typeof value === 'function' ? value.bind(on) : value;
    },
  });
  return { target: { ...target, port: counted }, written };
}

/** A probe whose refusal un-counts the create: the group it made was not this tenant's, and is deleted again. */
export function countingProbe(probe: CreateProbe | undefined, written: WrittenPart): CreateProbe | undefined {
  if (probe === undefined) return undefined;
  const refused = (error: unknown): never => {
    Object.assign(written, nothingWritten());
    throw error;
  };
  return {
    confirmCreated: (group, stop) => probe.confirmCreated(group, stop).catch(refused),
    confirmFound: (group, madeByProbe, stop) => probe.confirmFound(group, madeByProbe, stop).catch(refused),
  };
}
