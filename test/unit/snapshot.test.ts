import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/config/snapshot.js';
import { DiagnosticsError } from '../../src/errors.js';

describe('parseSnapshot', () => {
  it('refuses an alias bomb with a diagnostic, not an internal error', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e']] as const) {
      levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
    }
    const text = `${levels.join('\n')}\ntenants: {T1: {groups: [*e]}}\n`;
    let caught: unknown;
    try {
      parseSnapshot(text, 'bomb.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DiagnosticsError);
    expect((caught as DiagnosticsError).diagnostics).toEqual([
      expect.objectContaining({ code: 'SNAPSHOT_SYNTAX', file: 'bomb.yaml', message: expect.stringMatching(/alias/i) }),
    ]);
  });
});
