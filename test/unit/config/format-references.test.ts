import { describe, expect, it } from 'vitest';
import { formatConfig, type PrunedEntry } from '../../../src/config/format.js';

// fmt orders sets, templates and derived groups like tenants' groups, keeping every reference a reference.

const messy = `sets:
  support:
    - zed@acme.com
    - {set: leads}
    - {loginId: amy@acme.com}
    - {set: admins}
    - {loginId: old@acme.com, until: 2026-01-01}
  admins: [{userId: U9}, bob@acme.com]
templates:
  standard:
    groups:
      Support: {members: [{set: support}, carol@acme.com]}
      Leads: {members: [{set: leads}]}
    tenants: [T2*, T1*, T1*]
tenants:
  T1:
    use: [zeta, standard]
    groups:
      Everyone:
        members: [dave@acme.com]
        exclude: [{set: contractors}, erin@acme.com, alice@acme.com]
        include: [Support, Leads]
`;

describe('fmt with sets and templates', () => {
  it('sorts sets, templates, include, exclude and use; references stay references, after the members', () => {
    expect(formatConfig(messy, 'c.yaml')).toBe(`sets:
  admins: [bob@acme.com, {userId: U9}]
  support:
    - amy@acme.com
    - {loginId: old@acme.com, until: 2026-01-01}
    - zed@acme.com
    - {set: admins}
    - {set: leads}
templates:
  standard:
    tenants: [T1*, T2*]
    groups:
      Leads: {members: [{set: leads}]}
      Support: {members: [carol@acme.com, {set: support}]}
tenants:
  T1:
    use: [standard, zeta]
    groups:
      Everyone:
        members: [dave@acme.com]
        include: [Leads, Support]
        exclude: [alice@acme.com, erin@acme.com, {set: contractors}]
`);
  });

  it('is stable: formatting the result again changes nothing', () => {
    const once = formatConfig(messy, 'c.yaml');
    expect(formatConfig(once, 'c.yaml')).toBe(once);
  });

  it('--prune-expired drops lapsed entries from sets and template groups, saying where', () => {
    const text = `sets:
  support: [{loginId: old@acme.com, until: 2026-01-01}, amy@acme.com]
templates:
  standard:
    groups:
      Audit: {members: [{userId: U3, until: "2026-06-01T00:00:00Z"}, bob@acme.com]}
`;
    const pruned: PrunedEntry[] = [];
    const out = formatConfig(text, 'c.yaml', { pruneExpiredAt: Date.UTC(2026, 11, 7), onPruned: (e) => pruned.push(e) });
    expect(out).toBe(`sets:
  support: [amy@acme.com]
templates:
  standard:
    groups:
      Audit: {members: [bob@acme.com]}
`);
    expect(pruned).toEqual([
      { from: { set: 'support' }, member: 'old@acme.com', until: '2026-01-01' },
      { from: { template: 'standard', group: 'Audit' }, member: 'user id U3', until: '2026-06-01T00:00:00Z' },
    ]);
  });
});
