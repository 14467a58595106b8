import { describe, expect, it } from 'vitest';
import { loadDesiredFromTexts } from '../../../src/config/index.js';
import { DiagnosticsError } from '../../../src/errors.js';
import { provider } from './support.js';

const NOW = Date.UTC(2026, 11, 7);
const config = `${provider}tenants:
  T1:
    groups:
      Contractors:
        maxDuration: 90d
        members:
          - {loginId: bob@acme.com, until: 2027-01-31, reason: "data migration", ticket: OPS-1234}
          - alice@acme.com
          - {userId: U2carol, until: "2027-06-15T18:00:00Z"}
          - {userId: U4dave, until: "2027-03-07"}
`;

function diagnostics(text: string, now?: number): string[] {
  try {
    loadDesiredFromTexts([{ file: 'c.yaml', text }], {}, now);
  } catch (error) {
    if (error instanceof DiagnosticsError) return error.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`);
    throw error;
  }
  return [];
}

describe('member terms and maxDuration', () => {
  it('loads until, reason and ticket on both entry forms', () => {
    const desired = loadDesiredFromTexts([{ file: 'c.yaml', text: config.replace('        maxDuration: 90d\n', '') }], {}, NOW);
    const members = desired.tenants[0]!.groups[0]!.members!.map(({ at: _at, ...m }) => m);
    expect(members).toEqual([
      { loginId: 'alice@acme.com' },
      { loginId: 'bob@acme.com', until: '2027-01-31', reason: 'data migration', ticket: 'OPS-1234' },
      { userId: 'U2carol', until: '2027-06-15T18:00:00Z' },
      { userId: 'U4dave', until: '2027-03-07' },
    ]);
  });

  it('fails validate at each member that has no until, or one further out than maxDuration from now', () => {
    expect(diagnostics(config, NOW)).toEqual([
      'c.yaml:12:13 MAX_DURATION: tenant T1, group "Contractors": alice@acme.com has no until; the group allows memberships of at most 90d (maxDuration), so give it an until no later than 2027-03-07T00:00:00Z',
      'c.yaml:13:13 MAX_DURATION: tenant T1, group "Contractors": user id U2carol: until 2027-06-15T18:00:00Z is further out than the group\'s maxDuration 90d allows (at most 2027-03-07T00:00:00Z)',
    ]);
    // 2027-03-07 is 90 days on: a date counts from its start, so it is allowed; the day after is not.
    expect(diagnostics(config.replace('2027-03-07', '2027-03-08'), NOW).at(-1)).toContain('c.yaml:14:13 MAX_DURATION: tenant T1, group "Contractors": user id U4dave: until 2027-03-08 is further out');
    expect(diagnostics(config, Date.UTC(2027, 3, 1)).some((d) => d.includes('U2carol'))).toBe(false);
  });

  it('refuses an until that is no calendar date, and one of the wrong form', () => {
    const text = (value: string): string => `${provider}tenants:\n  T1:\n    groups:\n      G:\n        members:\n          - {loginId: a@acme.com, until: ${value}}\n`;
    expect(diagnostics(text('2027-02-30'), NOW)).toEqual(['c.yaml:10:13 INVALID_UNTIL: tenant T1, group "G": a@acme.com: until "2027-02-30" is not a calendar date (YYYY-MM-DD) or RFC 3339 time']);
    expect(diagnostics(text('"2027-01-01T10:00:00"'), NOW)).toEqual([
      'c.yaml:10:42 INVALID_VALUE: until must be a date (2027-01-31) or an RFC 3339 time with its offset (2027-01-31T18:00:00Z)',
    ]);
  });
});
