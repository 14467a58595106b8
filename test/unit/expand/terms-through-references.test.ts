import { describe, expect, it } from 'vitest';
import { loadDesiredFromTexts } from '../../../src/config/index.js';
import { DiagnosticsError } from '../../../src/errors.js';
import type { DesiredState } from '../../../src/model/types.js';
import { provider } from '../config/support.js';
import { liveGroup, liveTenant, planOne, u } from '../plan/builders.js';

// Expiry, owners and reviews reach a group through sets, includes and templates exactly as when written in it.

const NOW = Date.UTC(2027, 0, 20, 12);

function load(text: string, now?: number): DesiredState {
  return loadDesiredFromTexts([{ file: 'c.yaml', text: provider + text }], {}, now);
}

function rejected(text: string, now: number): string[] {
  try {
    load(text, now);
  } catch (error) {
    if (error instanceof DiagnosticsError) return error.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

const SETS = `sets:
  migration:
    - {loginId: bob@acme.com, until: 2027-01-15, reason: "data migration", ticket: OPS-1234}
    - {loginId: carol@acme.com, until: "2027-01-25T12:00:00Z", reason: "incident", ticket: INC-9}
`;

describe('member terms through sets and derived groups', () => {
  it('a member reached through a set keeps until, reason and ticket', () => {
    const group = load(`${SETS}tenants:\n  T1:\n    groups:\n      Eng:\n        members: [alice@acme.com, {set: migration}]\n`).tenants[0]!.groups[0]!;
    expect(group.members?.map(({ at: _at, ...m }) => m)).toEqual([
      { loginId: 'alice@acme.com' },
      { loginId: 'bob@acme.com', until: '2027-01-15', reason: 'data migration', ticket: 'OPS-1234', via: ['set migration'] },
      { loginId: 'carol@acme.com', until: '2027-01-25T12:00:00Z', reason: 'incident', ticket: 'INC-9', via: ['set migration'] },
    ]);
  });

  it.each(['authoritative', 'additive'] as const)('%s: past its until a set member is removed, labelled expired; one about to lapse is listed', (mode) => {
    const desired = load(`${SETS}tenants:\n  T1:\n    members: ${mode}\n    groups:\n      Eng:\n        members: [alice@acme.com, {set: migration}]\n`).tenants[0]!;
    const { plan, diagnostics } = planOne(desired, liveTenant([liveGroup('g1', 'Eng', ['U1', 'U2', 'U3'])]), NOW);
    expect(diagnostics).toEqual([]);
    const tenant = plan.tenants[0]!;
    expect(tenant.changes).toEqual([{ action: 'update', group: 'Eng', groupId: 'g1', membersMode: mode, add: [], remove: [{ ...u(2), expired: '2027-01-15' }] }]);
    expect(tenant.expiring).toEqual([{ group: 'Eng', ...u(3), until: '2027-01-25T12:00:00Z', reason: 'incident', ticket: 'INC-9' }]);
  });

  it('a person reached by two routes stays as long as the longest one grants', () => {
    const text = `${SETS}tenants:
  T1:
    groups:
      Migration: {members: [{set: migration}]}
      Eng:
        include: [Migration]
        members: [bob@acme.com, {loginId: carol@acme.com, until: 2027-03-01}]
`;
    const eng = load(text).tenants[0]!.groups.find((g) => g.name === 'Eng')!;
    expect(eng.members?.map((m) => [('loginId' in m ? m.loginId : m.userId), m.until ?? 'never', m.at.line])).toEqual([
      ['bob@acme.com', 'never', 15],
      ['carol@acme.com', '2027-03-01', 15],
    ]);
    const { plan } = planOne(load(text).tenants[0]!, liveTenant([liveGroup('g1', 'Eng', ['U2', 'U3']), liveGroup('g2', 'Migration', ['U3'])]), NOW);
    expect(plan.tenants[0]!.changes.filter((c) => c.group === 'Eng')).toEqual([]);
  });

  it("a group's maxDuration applies to members from sets, reported at the set's line", () => {
    const text = `${SETS}  forever: [dave@acme.com]
tenants:
  T1:
    groups:
      Eng:
        maxDuration: 30d
        members: [{set: migration}, {set: forever}]
`;
    // On 2026-12-20 bob's until (2027-01-15) is within 30 days, carol's (2027-01-25) is not, and dave has none.
    expect(rejected(text, Date.UTC(2026, 11, 20))).toEqual(['c.yaml:8:7 MAX_DURATION', 'c.yaml:9:13 MAX_DURATION']);
  });
});

describe('owners and reviews through templates', () => {
  const TEMPLATES = `templates:
  standard:
    owners: [team-leads]
    review: {every: 90d}
    groups:
      Support:
        maxDuration: 30d
        owners: [alice@acme.com]
        review: {every: 30d}
        reviewedAt: 2026-11-02
        members: [alice@acme.com]
      Audit: {members: [bob@acme.com]}
`;

  it('a template group keeps its owners, maxDuration and review; the others take the template settings', () => {
    const tenant = load(`${TEMPLATES}tenants:\n  T1: {use: [standard]}\n`).tenants[0]!;
    const pick = (name: string) => {
      const g = tenant.groups.find((group) => group.name === name)!;
      return { owners: g.owners, maxDuration: g.maxDuration, review: g.review, reviewedAt: g.reviewedAt, template: g.template };
    };
    expect(pick('Support')).toEqual({ owners: ['alice@acme.com'], maxDuration: '30d', review: { every: '30d' }, reviewedAt: '2026-11-02', template: 'standard' });
    expect(pick('Audit')).toEqual({ owners: ['team-leads'], maxDuration: undefined, review: { every: '90d' }, reviewedAt: undefined, template: 'standard' });
  });

  it("a tenant's own owners and review win over the template's for the template's groups", () => {
    const tenant = load(`${TEMPLATES}tenants:\n  T1:\n    use: [standard]\n    owners: [t1-admins]\n    review: {every: 14d}\n    reviewedAt: 2026-12-01\n`).tenants[0]!;
    const audit = tenant.groups.find((g) => g.name === 'Audit')!;
    expect([audit.owners, audit.review, audit.reviewedAt]).toEqual([['t1-admins'], { every: '14d' }, '2026-12-01']);
    expect(tenant.groups.find((g) => g.name === 'Support')!.owners).toEqual(['alice@acme.com']);
  });
});
