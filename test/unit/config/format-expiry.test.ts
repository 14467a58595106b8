import { describe, expect, it } from 'vitest';
import { formatConfig, type PrunedEntry } from '../../../src/config/format.js';

const config = `version: 1
tenants:
  T1:
    groups:
      Engineering:
        members:
          - {loginId: zed@acme.com}
          - {loginId: bob@acme.com, until: 2027-01-31, reason: "data migration", ticket: OPS-1234}
          - alice@acme.com
          - {userId: U3, until: "2026-12-12T18:00:00Z"} # incident
`;

describe('fmt and member terms', () => {
  it('keeps the long form only where it carries more than a login id, sorted with the rest', () => {
    expect(formatConfig(config, 'c.yaml')).toBe(`version: 1
tenants:
  T1:
    groups:
      Engineering:
        members:
          - alice@acme.com
          - {loginId: bob@acme.com, until: 2027-01-31, reason: "data migration", ticket: OPS-1234}
          - zed@acme.com
          - {userId: U3, until: "2026-12-12T18:00:00Z"} # incident
`);
  });

  it('--prune-expired drops the entries whose until has passed, and names each', () => {
    const pruned: PrunedEntry[] = [];
    const text = formatConfig(config, 'c.yaml', { pruneExpiredAt: Date.UTC(2027, 0, 1), onPruned: (e) => pruned.push(e) });
    expect(text).not.toContain('U3');
    expect(text).toContain('bob@acme.com, until: 2027-01-31');
    expect(pruned).toEqual([{ from: { tenant: 'T1', group: 'Engineering' }, member: 'user id U3', until: '2026-12-12T18:00:00Z' }]);
    // A date lasts the whole day: still there on it, gone the day after.
    expect(formatConfig(config, 'c.yaml', { pruneExpiredAt: Date.UTC(2027, 0, 31, 23) })).toContain('bob@acme.com');
    expect(formatConfig(config, 'c.yaml', { pruneExpiredAt: Date.UTC(2027, 1, 1) })).not.toContain('bob@acme.com');
  });
});
