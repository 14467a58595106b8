import { describe, expect, it } from 'vitest';
import { formatConfig, loadDesiredFromTexts } from '../../../src/config/index.js';
import { DiagnosticsError, GroupformError } from '../../../src/errors.js';

const head = 'version: 1\nprovider:\n  type: descope\n  projectId: P2x\n  managementKey: ${MK:-}\ntenants:\n  T1:\n    groups:\n';

function bomb(): string {
  const lines = ['      G0:', '        members: &l0 ["a@x.com","b@x.com","c@x.com","d@x.com","e@x.com","f@x.com","g@x.com","h@x.com","i@x.com"]'];
  for (let level = 1; level <= 6; level++) {
    lines.push(`      G${level}:`, `        members: &l${level} [${Array.from({ length: 9 }, () => `*l${level - 1}`).join(',')}]`);
  }
  return head + lines.join('\n') + '\n';
}

describe('YAML anchors and aliases in a config', () => {
  it('an alias shares a value: the group is declared with the anchor\'s members', () => {
    const text = `${head}      Admins: &admins\n        members: [a@x.com]\n  T2:\n    groups:\n      Admins: *admins\n`;
    const desired = loadDesiredFromTexts([{ file: 'g.yaml', text }], {});
    expect(desired.tenants.map((t) => t.groups.map((g) => g.members?.map((m) => ('loginId' in m ? m.loginId : m.userId))))).toEqual([[['a@x.com']], [['a@x.com']]]);
  });

  it('an alias bomb ends in a YAML_ALIAS diagnostic at the alias, not a hang or a crash', () => {
    let caught: unknown;
    try {
      loadDesiredFromTexts([{ file: 'bomb.yaml', text: bomb() }], {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DiagnosticsError);
    const codes = new Set((caught as DiagnosticsError).diagnostics.map((d) => d.code));
    expect(codes).toContain('YAML_ALIAS');
    expect((caught as DiagnosticsError).diagnostics.find((d) => d.code === 'YAML_ALIAS')).toMatchObject({ file: 'bomb.yaml', line: expect.any(Number) });
  });

  it('fmt refuses a file with aliases instead of breaking it (sorting could move an alias above its anchor)', () => {
    const text = `${head.replace('  T1:\n', '  Tb:\n')}      Admins: &admins\n        members: [a@x.com]\n  Ta:\n    groups:\n      Admins: *admins\n`;
    expect(() => formatConfig(text, 'g.yaml')).toThrow(GroupformError);
    expect(() => formatConfig(text, 'g.yaml')).toThrow(/FMT_ALIAS|anchors and aliases/);
  });
});
