import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyOptions } from '../../../src/apply/apply-plan.js';
import { changeKey } from '../../../src/saved-plan/resume.js';
import { markWritten } from '../../../src/providers/written.js';
import { create, remove, update } from '../../support/changes.js';
import type { Provider } from '../../../src/providers/provider.js';
import { fakeProvider, planOf, providerError, quietProgress, tenant } from './fakes.js';

const options = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({ tenantConcurrency: 4, progress: quietProgress(), ...extra });
const brief = (o: { tenant: string; change: { action: string; group: string }; status: string; reason?: string }): string =>
  `${o.tenant} ${o.change.action} ${o.change.group}: ${o.status}${o.reason === undefined ? '' : ` (${o.reason})`}`;

describe('applyPlan', () => {
  it('runs each tenant\'s creates, then updates, then deletes, each phase finished before the next', async () => {
    // Deliberately out of order: the phases come from the actions, not from the plan's order.
    const plan = planOf([
      tenant('T1', [remove('Old', 'g9'), update('Eng', 'g1'), create('B'), create('A'), update('Ops', 'g2')]),
      tenant('T2', [remove('Legacy', 'g7'), create('C')]),
    ]);
    const provider = fakeProvider();
    const result = await applyPlan(plan, provider, options({ changeConcurrency: 8 }));
    for (const id of ['T1', 'T2']) {
      const events = provider.events.filter((e) => e.includes(` ${id} `));
      const last = (verb: string, action: string): number => Math.max(...events.map((e, i) => (e.startsWith(`${verb} ${id} ${action}`) ? i : -1)));
      const first = (verb: string, action: string): number => events.findIndex((e) => e.startsWith(`${verb} ${id} ${action}`));
      expect(last('end', 'create')).toBeLessThan(first('start', 'update') === -1 ? Infinity : first('start', 'update'));
      expect(Math.max(last('end', 'create'), last('end', 'update'))).toBeLessThan(first('start', 'delete'));
    }
    expect(provider.calls.filter((c) => c.startsWith('T1')).map((c) => c.split(' ')[1])).toEqual(['create', 'create', 'update', 'update', 'delete']);
    // Outcomes are in plan order, whatever order the changes ran in.
    expect(result.outcomes.map(brief)).toEqual([
      'T1 delete Old: done', 'T1 update Eng: done', 'T1 create B: done', 'T1 create A: done', 'T1 update Ops: done',
      'T2 delete Legacy: done', 'T2 create C: done',
    ]);
    expect(result.outcomes.find((o) => o.change.group === 'A')?.groupId).toBe('id-A');
  });

  it('re-asserts unverifiable members after the updates and before the deletes, counted apart', async () => {
    const asserted = [
      { group: 'Eng', groupId: 'g1', reason: 'no member reads', members: [{ userId: 'U1' }, { userId: 'U2' }] },
      { group: 'Ops', groupId: 'g2', reason: 'no member reads', members: [{ userId: 'U3' }] },
    ];
    const plan = planOf([tenant('T1', [remove('Old', 'g9'), update('Eng', 'g1', [], [], 'Engineering')], { asserted })]);
    const provider = fakeProvider({ fail: { 'T1 update Ops': providerError('400 no such user') } });
    const result = await applyPlan(plan, provider, options({ changeConcurrency: 8 }));
    const events = provider.events;
    const endOf = (call: string): number => events.indexOf(`end ${call}`);
    const startOf = (call: string): number => events.indexOf(`start ${call}`);
    expect(events.filter((e) => e.startsWith('start')).length).toBe(4);
    // The rename of Eng and the re-assertion of its members never overlap.
    expect(endOf('T1 update Eng')).toBeLessThan(events.lastIndexOf('start T1 update Eng'));
    expect(Math.max(endOf('T1 update Ops'), events.lastIndexOf('end T1 update Eng'))).toBeLessThan(startOf('T1 delete Old'));
    expect(result.outcomes.map(brief)).toEqual([
      'T1 delete Old: done',
      'T1 update Eng: done',
      'T1 update Eng: done',
      'T1 update Ops: failed (PROVIDER_REQUEST_FAILED: 400 no such user)',
    ]);
    expect(result.outcomes.map((o) => o.reasserted === true)).toEqual([false, false, true, true]);
    expect(result.summary).toMatchObject({ groupsUpdated: 1, groupsDeleted: 1, membersAdded: 0, membersReasserted: 2, failed: 1 });
  });

  it('counts what a failed change wrote before it failed, as its provider saw it', async () => {
    const plan = planOf([tenant('T1', [create('Big', ['U1', 'U2', 'U3']), update('Eng', 'g1', ['U4'], ['U5']), update('Ops', 'g2', ['U6'])])]);
    const capped = markWritten(providerError('400 cap'), { groupCreated: true, membersAdded: 2, membersRemoved: 0, attributesChanged: false });
    const none = markWritten(providerError('400 nothing'), { groupCreated: false, membersAdded: 0, membersRemoved: 0, attributesChanged: false });
    const provider = fakeProvider({ fail: { 'T1 create Big': capped, 'T1 update Ops': none } });
    const result = await applyPlan(plan, provider, options());
    expect(result.outcomes.map((o) => o.written)).toEqual([{ groupCreated: true, membersAdded: 2, membersRemoved: 0, attributesChanged: false }, undefined, undefined]);
    expect(result.summary).toMatchObject({ groupsCreated: 1, groupsUpdated: 1, membersAdded: 3, membersRemoved: 1, failed: 2 });
  });

  it('does not let one failing change stop the others, and names each failure', async () => {
    const plan = planOf([
      tenant('T1', [create('Platform', ['U1']), update('Eng', 'g1', ['U2'], ['U3']), remove('Legacy', 'g7', ['U4'])]),
      tenant('T2', [update('Ops', 'g2', ['U5'])]),
    ]);
    const provider = fakeProvider({
      fail: { 'T1 create Platform': providerError('409 conflict'), 'T2 update Ops': providerError('503 from the server') },
    });
    const result = await applyPlan(plan, provider, options());
    expect(provider.calls.sort()).toEqual(['T1 create Platform', 'T1 delete Legacy', 'T1 update Eng', 'T2 update Ops']);
    expect(result.outcomes.map(brief)).toEqual([
      'T1 create Platform: failed (PROVIDER_REQUEST_FAILED: 409 conflict)',
      'T1 update Eng: done',
      'T1 delete Legacy: done',
      'T2 update Ops: failed (PROVIDER_REQUEST_FAILED: 503 from the server)',
    ]);
    expect(result.summary).toEqual({
      groupsCreated: 0, groupsUpdated: 1, groupsDeleted: 1, membersAdded: 1, membersRemoved: 2, membersReasserted: 0, failed: 2, skipped: 0, alreadyDone: 0,
    });
  });

  it.each([
    { tenantConcurrency: 2, changeConcurrency: undefined, max: 2 },
    { tenantConcurrency: 3, changeConcurrency: 1, max: 1 },
    { tenantConcurrency: 1, changeConcurrency: 4, max: 4 },
  ])('keeps changes in flight within the bounds: %o', async ({ tenantConcurrency, changeConcurrency, max }) => {
    const tenants = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'].map((id) => tenant(id, [create('A'), create('B'), create('C'), create('D')]));
    const provider = fakeProvider();
    const result = await applyPlan(planOf(tenants), provider, options({ tenantConcurrency, ...(changeConcurrency === undefined ? {} : { changeConcurrency }) }));
    expect(result.summary.groupsCreated).toBe(24);
    expect(provider.stats.maxInFlight).toBe(max);
    expect(provider.stats.maxTenantsInFlight).toBeLessThanOrEqual(tenantConcurrency);
  });

  it('on abort finishes the changes in flight, starts no new one, and lists the rest as skipped', async () => {
    const controller = new AbortController();
    const plan = planOf([
      tenant('T1', [create('A'), update('Eng', 'g1'), remove('Old', 'g9')]),
      tenant('T2', [create('C')]),
    ]);
    const provider = fakeProvider({ onCall: (call) => call === 'T1 create A' && controller.abort() });
    const result = await applyPlan(plan, provider, options({ tenantConcurrency: 1, signal: controller.signal }));
    expect(provider.calls).toEqual(['T1 create A']);
    expect(result.interrupted).toBe(true);
    expect(result.outcomes.map(brief)).toEqual([
      'T1 create A: done',
      'T1 update Eng: skipped (interrupted)',
      'T1 delete Old: skipped (interrupted)',
      'T2 create C: skipped (interrupted)',
    ]);
    expect(result.summary).toMatchObject({ groupsCreated: 1, skipped: 3, failed: 0 });
  });

  it('hands changes the interrupt as a drain; a change it stopped fails saying so, and nothing new starts', async () => {
    const controller = new AbortController();
    const interrupted = new Promise((resolve) => controller.signal.addEventListener('abort', resolve));
    const plan = planOf([tenant('T1', [create('A'), create('B'), update('Eng', 'g1')])]);
    const provider = fakeProvider();
    const drains: unknown[] = [];
    provider.applyChange = async (_tenantId, change, stop) => {
      drains.push([stop?.signal, stop?.drain]);
      if (change.group === 'B') {
        await interrupted;
        throw providerError('503 from the server');
      }
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      throw new DOMException('interrupted: PATCH https://scim.example/Groups/g1 not sent', 'AbortError');
    };
    const result = await applyPlan(plan, provider, options({ tenantConcurrency: 1, changeConcurrency: 2, signal: controller.signal }));
    expect(drains).toEqual([[undefined, controller.signal], [undefined, controller.signal]]);
    expect(result.outcomes.map(brief)).toEqual([
      'T1 create A: failed (interrupted: PATCH https://scim.example/Groups/g1 not sent)',
      'T1 create B: failed (interrupted: PROVIDER_REQUEST_FAILED: 503 from the server)',
      'T1 update Eng: skipped (interrupted)',
    ]);
    expect(result).toMatchObject({ interrupted: true, summary: { failed: 2, skipped: 1 } });
  });

  it('rethrows an error that is a bug after recording it, starting nothing more', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const plan = planOf([tenant('T1', [create('A'), update('Eng', 'g1')])]);
    const provider = fakeProvider({ fail: { 'T1 create A': bug } });
    await expect(applyPlan(plan, provider, options())).rejects.toBe(bug);
    expect(provider.calls).toEqual(['T1 create A']);
  });

  it('skips a blocked tenant unless this exact plan was acknowledged', async () => {
    const blocked = [{ code: 'MAX_REMOVALS' as const, message: 'removes 50%' }];
    const plan = planOf([tenant('T1', [remove('Old', 'g9', ['U1'])], { blocked }), tenant('T2', [create('A')])]);
    const refused = await applyPlan(plan, fakeProvider(), options({ acknowledge: 'other0000000' }));
    expect(refused.outcomes.map(brief)).toEqual(['T1 delete Old: skipped (blocked by a safety rule and not acknowledged)', 'T2 create A: done']);
    const provider = fakeProvider();
    const acknowledged = await applyPlan(plan, provider, options({ acknowledge: plan.planId }));
    expect(acknowledged.summary.failed + acknowledged.summary.skipped).toBe(0);
    expect(provider.calls.sort()).toEqual(['T1 delete Old', 'T2 create A']);
  });

  it('resumes: changes already done are not repeated, a partly done one performs only what is left', async () => {
    const eng = update('Eng', 'g1', ['U1', 'U2'], ['U3']);
    const left = update('Eng', 'g1', ['U2'], []);
    const plan = planOf([tenant('T1', [create('A'), create('B'), eng, remove('Old', 'g9')])]);
    const provider = fakeProvider();
    const performed: unknown[] = [];
    const applyChange = provider.applyChange.bind(provider);
    provider.applyChange = (tenantId, change) => (performed.push(change), applyChange(tenantId, change));
    const result = await applyPlan(plan, provider, options({
      resume: new Map([
        [changeKey('T1', create('A')), { kind: 'done', reason: 'already done per journal', groupId: 'gA' }],
        [changeKey('T1', eng), { kind: 'residual', change: left }],
      ]),
    }));
    expect(provider.calls).toEqual(['T1 create B', 'T1 update Eng', 'T1 delete Old']);
    expect(performed[1]).toEqual(left);
    expect(result.outcomes.map(brief)).toEqual([
      'T1 create A: already-done (already done per journal)', 'T1 create B: done', 'T1 update Eng: done', 'T1 delete Old: done',
    ]);
    expect(result.summary).toMatchObject({ groupsCreated: 1, groupsUpdated: 1, membersAdded: 1, membersRemoved: 0, alreadyDone: 1, skipped: 0 });
  });

  it('completes a plan with no changes', async () => {
    const result = await applyPlan(planOf([tenant('T1', [])]), fakeProvider(), options());
    expect(result.outcomes).toEqual([]);
  });

  it('a change waiting on its tenant\'s first write waits before it takes a slot, so another tenant goes on', async () => {
    // As Descope does: a tenant's later member writes wait until its first one is checked. A1 is only checked once
    // B1 has started, so if A2 and A3 waited inside their slots (2 of them), B1 would never start.
    let bStarted!: () => void;
    const bStart = new Promise<void>((resolve) => (bStarted = resolve));
    let aChecked!: () => void;
    const aCheck = new Promise<void>((resolve) => (aChecked = resolve));
    const released: string[] = [];
    const provider: Provider = {
      identity: planOf([]).provider,
      loadTenant: () => Promise.reject(new Error('not used')),
      async ready(tenantId, change) {
        if (tenantId === 'A' && change.group !== 'A1') await aCheck;
        return () => released.push(`${tenantId} ${change.group}`);
      },
      async applyChange(tenantId, change) {
        if (tenantId === 'B') bStarted();
        else if (change.group === 'A1') {
          await bStart;
          aChecked();
        } else await aCheck;
        return { groupId: change.action === 'create' ? `id-${change.group}` : change.groupId };
      },
      close: () => Promise.resolve(),
    };
    const plan = planOf([tenant('A', [update('A1', 'a1'), update('A2', 'a2'), update('A3', 'a3')]), tenant('B', [update('B1', 'b1')])]);
    const result = await applyPlan(plan, provider, options({ tenantConcurrency: 2, changeConcurrency: 2 }));
    expect(result.outcomes.map(brief)).toEqual(['A update A1: done', 'A update A2: done', 'A update A3: done', 'B update B1: done']);
    expect(released.sort()).toEqual(['A A1', 'A A2', 'A A3', 'B B1']);
  });
});
