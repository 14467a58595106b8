import { describe, expect, it } from 'vitest';
import { GroupformError } from '../../../src/errors.js';
import type { GroupChange } from '../../../src/model/types.js';
import { create } from '../../support/changes.js';
import { withProxy, type Answer } from '../../support/proxy.js';
import { rejection } from '../../support/rejection.js';
import { desiredTenant, emptyTenants, withEmulator, withProvider } from './helpers.js';

// NEW1 and NEW2 have no groups, so nothing tells their SCIM keys apart before a write: the first create is the probe.
const RIGHT_KEY = 'sk-new1-secret';
const WRONG_KEY = 'sk-new2-secret';
const SCIM_POST = 'POST /scim/v2/Groups';
const CONFIRM_READ = 'POST /v1/mgmt/group/members';

/** NEW1, configured with `key`, behind a proxy deciding per request; returns what `run` returns, then the groups of both tenants. */
async function probe<T>(key: string, decide: (line: string, body: string) => Answer, run: (apply: (change: GroupChange, drain?: AbortSignal) => Promise<unknown>, seen: string[]) => Promise<T>) {
  return withEmulator({ seed: emptyTenants() }, async (emulator) => {
    const new1 = desiredTenant('NEW1', {}, { scimKey: key });
    const result = await withProxy(emulator.url, decide, (url, seen) =>
      withProvider({ url }, [new1], async (provider) => {
        await provider.loadTenant(new1);
        return run((change, drain) => provider.applyChange('NEW1', change, { drain }), seen);
      }),
    );
    const tenants = emulator.snapshot().tenants;
    const groups = (id: string) => (tenants[id]?.groups ?? []).map((g) => ({ name: g.display, members: [...(g.members ?? [])].sort() }));
    return { result, new1: groups('NEW1'), new2: groups('NEW2') };
  });
}

/** A create with a wrong key whose POST goes through but is answered `status`: the error, and the SCIM writes sent. */
function createAnswered(status: number) {
  const decide = (line: string): Answer => (line === SCIM_POST ? { forwardThen: status } : 'forward');
  return probe(WRONG_KEY, decide, async (apply, seen) => {
    const error = await rejection(apply(create('Admins', ['U1'])));
    return { error, writes: seen.filter((line) => !line.startsWith('GET') && line.includes('/scim/')) };
  });
}

describe('the probe create of a tenant whose key cannot be told apart', () => {
  it('with a wrong key carries no member: the stray group is deleted again and the key refused', async () => {
    const posted: string[] = [];
    const decide = (line: string, body: string): Answer => (line === SCIM_POST && posted.push(body), 'forward');
    const { result, new2 } = await probe(WRONG_KEY, decide, async (apply, seen) => {
      const error = await rejection(apply(create('Admins', ['U1', 'U2'])));
      return { error, patches: seen.filter((line) => line.startsWith('PATCH')) };
    });
    // Nothing proves the key wrong (the management API may be slow to show the group): unconfirmed, never "wrong".
    expect((result.error as GroupformError).code).toBe('SCIM_KEY_UNCONFIRMED');
    expect(result.error.message).toMatch(/the group it created, "Admins" \(G\d+\), does not show in tenant NEW1; it was deleted again \(it had no members\) and no member was added/);
    expect(result.error.message).not.toContain(WRONG_KEY);
    expect(posted.map((body) => 'members' in (JSON.parse(body) as object))).toEqual([false]);
    expect(result.patches).toEqual([]);
    expect(new2).toEqual([]);
  });

  it('interrupted while its POST is on the wire, with a wrong key: the group is still checked and deleted again', async () => {
    const drain = new AbortController();
    const decide = (line: string): Answer => (line === SCIM_POST && drain.abort(), 'forward');
    const { result, new1, new2 } = await probe(WRONG_KEY, decide, (apply) => rejection(apply(create('Admins', ['U1']), drain.signal)));
    expect((result as GroupformError).code).toBe('SCIM_KEY_UNCONFIRMED');
    expect(result.message).toMatch(/the group it created, "Admins" \(G\d+\), does not show in tenant NEW1; it was deleted again/);
    expect([new1, new2]).toEqual([[], []]);
  });

  it('interrupted while its POST is on the wire, with the right key: the error names the group, created without members', async () => {
    const drain = new AbortController();
    const decide = (line: string): Answer => (line === SCIM_POST && drain.abort(), 'forward');
    const { result, new1 } = await probe(RIGHT_KEY, decide, (apply) => rejection(apply(create('Admins', ['U1']), drain.signal)));
    expect(result.name).toBe('AbortError');
    expect(result.message).toMatch(/^interrupted: group "Admins" was created \(G\d+\) with none of its 1 members; not all the members were added$/);
    expect(new1).toEqual([{ name: 'Admins', members: [] }]);
  });

  it('whose confirmation read fails names the group, and the next create probes again', async () => {
    let failing = true;
    const decide = (line: string): Answer => (line === CONFIRM_READ && failing ? { status: 500 } : 'forward');
    const { result, new1, new2 } = await probe(RIGHT_KEY, decide, async (apply, seen) => {
      const error = await rejection(apply(create('A', ['U1'])));
      failing = false;
      const applied = [await apply(create('B', ['U1'])), await apply(create('C', ['U2']))];
      return { error, applied, confirmations: seen.filter((line) => line === CONFIRM_READ).length };
    });
    expect((result.error as GroupformError).code).toBe('HTTP_500');
    expect(result.error.message).toMatch(/^group "A" was created \(G\d+\) without members, and whether it is in tenant NEW1 could not be checked: no member was added, and the tenant's next create checks its SCIM key again; /);
    expect(result.applied).toHaveLength(2);
    // B was the probe again (one confirmation read after A's retried 500s); C, once the key was verified, none;
    // B's members, the tenant's first, are read back at once (C's wait for the tenant's settle, not called here).
    expect(result.confirmations).toBe(5 + 1 + 1);
    expect(new1).toEqual([{ name: 'A', members: [] }, { name: 'B', members: ['U1'] }, { name: 'C', members: ['U2'] }]);
    expect(new2).toEqual([]);
  });

  it('whose group the management API shows only on a later read is confirmed', async () => {
    let misses = 2;
    const decide = (line: string): Answer => (line === CONFIRM_READ && misses-- > 0 ? { status: 200, body: { groups: [] } } : 'forward');
    const { result, new1 } = await probe(RIGHT_KEY, decide, (apply) => apply(create('A', ['U1'])));
    expect(result).toMatchObject({ groupId: expect.stringMatching(/^G\d+$/) as unknown });
    expect(new1).toEqual([{ name: 'A', members: ['U1'] }]);
  });

  it('answered 502 after the POST went through, with a wrong key: the group found by name is deleted again, no member added', async () => {
    const { result, new1, new2 } = await createAnswered(502);
    expect((result.error as GroupformError).code).toBe('SCIM_KEY_UNCONFIRMED');
    expect(result.error.message).toMatch(/group "Admins" \(G\d+\), found by name after the create failed, does not show in tenant NEW1; it was deleted again \(it had no members\) and no member was added/);
    expect(result.writes).toEqual([SCIM_POST, 'DELETE /scim/v2/Groups/G00000001']);
    expect([new1, new2]).toEqual([[], []]);
  });

  it('answered 409 with a wrong key: the group found by name in the other tenant is not adopted, nor deleted', async () => {
    const { result, new1, new2 } = await createAnswered(409);
    expect((result.error as GroupformError).code).toBe('SCIM_KEY_UNCONFIRMED');
    expect(result.error.message).toMatch(/group "Admins" \(G\d+\), found by name after the create failed, does not show in tenant NEW1; it may be someone's, so it was left unchanged, and no member was added/);
    expect(result.writes).toEqual([SCIM_POST]);
    expect([new1, new2]).toEqual([[], [{ name: 'Admins', members: [] }]]);
  });
});
