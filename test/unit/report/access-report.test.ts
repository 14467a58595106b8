import { describe, expect, it } from 'vitest';
import { buildAccessRows } from '../../../src/report/access-report.js';
import { loadDesiredFromTexts } from '../../../src/config/index.js';
import { provider } from '../config/support.js';
import { at, desiredGroup, desiredTenant, liveGroup, liveTenant, login } from '../plan/builders.js';

const NOW = Date.UTC(2027, 0, 20);
const noHistory = () => undefined;

describe('access report rows', () => {
  it('marks declared members live, pending or expired, and live members not declared as orphans', () => {
    const group = desiredGroup('Eng', {
      members: [login('alice@acme.com', 2), { loginId: 'bob@acme.com', at: at(3, 11), until: '2027-01-15', ticket: 'OPS-1' }, login('carol@acme.com', 4)],
    });
    const rows = buildAccessRows(desiredTenant([group]), liveTenant([liveGroup('g1', 'Eng', ['U1', 'U2', 'U4']), liveGroup('g2', 'Other', ['U3'])]), NOW, (ref) => (ref.line === 2 ? '2026-01-01T00:00:00Z' : undefined));
    expect(rows.map((r) => [r.group, r.loginId, r.status, r.since, r.ticket])).toEqual([
      ['Eng', 'alice@acme.com', 'member', '2026-01-01T00:00:00Z', ''],
      ['Eng', 'bob@acme.com', 'expired', '', 'OPS-1'],
      ['Eng', 'carol@acme.com', 'pending', '', ''],
      ['Eng', 'dave@acme.com', 'orphan', '', ''],
      ['Other', 'carol@acme.com', 'orphan', '', ''],
    ]);
  });

  it('refuses a partial read of groups or of a group\'s members', () => {
    const tenant = desiredTenant([desiredGroup('Eng', { members: [login('alice@acme.com', 2)] })]);
    const incomplete = { ...liveTenant([liveGroup('g1', 'Eng', ['U1'])]), groupsIncomplete: 'the server ignored the cursor' };
    expect(() => buildAccessRows(tenant, incomplete, NOW, noHistory)).toThrow(/REPORT_INCOMPLETE|every live group/);
    const unreadable = liveTenant([{ ...liveGroup('g1', 'Eng', ['U1']), membersUnreadable: 'no members filter' }]);
    expect(() => buildAccessRows(tenant, unreadable, NOW, noHistory)).toThrow(/group "Eng": the report needs the live members/);
  });

  it('reports members reached through a set and a template at the set line, with their terms', () => {
    const text = `${provider}sets:
  support:
    - alice@acme.com
    - {loginId: bob@acme.com, until: 2027-03-01, reason: "on call", ticket: OPS-7}
templates:
  standard:
    groups:
      Support: {members: [{set: support}]}
tenants:
  T1: {use: [standard]}
`;
    const tenant = loadDesiredFromTexts([{ file: 'c.yaml', text }], {}).tenants[0]!;
    const rows = buildAccessRows(tenant, liveTenant([liveGroup('g1', 'Support', ['U1', 'U2'])]), NOW, (ref) => (ref.line === 7 ? '2026-02-01T00:00:00Z' : undefined));
    expect(rows.map((r) => [r.group, r.loginId, r.status, r.since, r.until, r.reason, r.ticket, r.source])).toEqual([
      ['Support', 'alice@acme.com', 'member', '2026-02-01T00:00:00Z', '', '', '', 'c.yaml:7:7'],
      ['Support', 'bob@acme.com', 'member', '', '2027-03-01', 'on call', 'OPS-7', 'c.yaml:8:7'],
    ]);
  });
});
