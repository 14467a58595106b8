import { describe, expect, it } from 'vitest';
import { loadDesiredFromTexts } from '../../../src/config/index.js';
import { readSimpleTree } from '../../../src/config/yaml/simple-tree.js';
import type { DesiredState, SourceRef } from '../../../src/model/types.js';
import { expectDiagnostics, provider } from './support.js';

const GROUPS = 401;
const MEMBERS = 30;

/** 12,431 memberships in one tenant, written in every style the simple reader takes, with comments. */
function largeConfig(): string {
  const lines = [provider.trimEnd(), 'tenants:', '  # the only tenant', '  T1:', '    groups:'];
  for (let g = 0; g < GROUPS; g++) {
    const name = `Group ${String(g).padStart(4, '0')}`;
    lines.push(g % 3 === 0 ? `      "${name}":` : `      ${name}:   # team ${g}`);
    if (g % 50 === 7) lines.push(`        previously: [Old ${g}, "Older ${g}"]`);
    const members = Array.from({ length: MEMBERS }, (_, m) => `u${(g * 7 + m * 13) % 5000}@t1.example.com`);
    if (g % 10 === 9) {
      lines.push(`        members: [${members.join(', ')}, {userId: U${g}}]`);
      continue;
    }
    lines.push('        members:');
    members.forEach((loginId, m) => {
      if (m % 11 === 5) lines.push('          # a comment between members');
      lines.push(m % 7 === 3 ? `          - '${loginId}'` : `          -   ${loginId}  # member ${m}`);
    });
    lines.push(`          - userId: U${g}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The text found at a place: the line from the column on. */
function textAt(lines: readonly string[], at: SourceRef): string {
  return (lines[at.line - 1] ?? '').slice(at.column - 1);
}

describe('a large config', () => {
  const text = largeConfig();
  const lines = text.split('\n');

  it('is read by the simple reader (so this checks its places)', () => {
    expect(readSimpleTree(text, 'big.yaml', {})).toBeDefined();
  });

  it('places every tenant, group and member exactly, down to the last member of the file', () => {
    const desired: DesiredState = loadDesiredFromTexts([{ file: 'big.yaml', text }], {});
    const [tenant] = desired.tenants;
    expect(desired.tenants).toHaveLength(1);
    expect(tenant?.at).toEqual({ file: 'big.yaml', line: 7, column: 3 });
    expect(tenant?.groups).toHaveLength(GROUPS);
    let memberships = 0;
    for (const group of tenant?.groups ?? []) {
      expect(textAt(lines, group.at).replace(/^"/, '')).toMatch(new RegExp(`^${group.name}"?:`));
      for (const member of group.members ?? []) {
        memberships += 1;
        expect(member.at.file).toBe('big.yaml');
        const written = textAt(lines, member.at);
        if ('loginId' in member) expect(written.replace(/^'/, '').startsWith(member.loginId)).toBe(true);
        else expect(written).toMatch(new RegExp(`^(?:\\{|)userId: ${member.userId}\\b`));
      }
    }
    expect(memberships).toBe(GROUPS * (MEMBERS + 1));
    // The last line holds the last group's {userId} member: its place is where the text says, not near it.
    const last = tenant?.groups.at(-1)?.members?.find((m) => 'userId' in m);
    expect(last?.at).toEqual({ file: 'big.yaml', line: lines.length - 1, column: 13 });
  });

  it('reports a duplicate member deep in the file at both places', async () => {
    const g = 321;
    const duplicated = text.replace(`          - userId: U${g}\n`, `          - userId: U${g}\n          - userId: U${g}\n`);
    const diagnostics = await expectDiagnostics(async () => loadDesiredFromTexts([{ file: 'big.yaml', text: duplicated }], {}));
    const line = duplicated.split('\n').indexOf(`          - userId: U${g}`) + 1;
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'MEMBER_DUPLICATE', file: 'big.yaml', line: line + 1, column: 13, message: expect.stringContaining(`big.yaml:${line}:13`) }),
    ]);
  });
});
