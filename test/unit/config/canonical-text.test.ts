import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderCanonicalText } from '../../../src/config/canonical-text.js';
import { formatConfig } from '../../../src/config/format.js';
import { readSimpleTree } from '../../../src/config/yaml/simple-tree.js';

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const name = fc.oneof(word, fc.tuple(word, word).map(([a, b]) => `${a} ${b}`), fc.constantFrom('Group 0001', 'a.b@c.d', '${X}', 'x-y', 'true', '12', 'a: b', "it's", 'Café'));
const member = fc.oneof(name, name.map((userId) => ({ userId })));
const group = fc.record(
  { externalId: name, previously: fc.array(name, { maxLength: 2 }), membersMode: fc.constantFrom('additive', 'authoritative'), members: fc.array(member, { maxLength: 6 }) },
  { requiredKeys: [] },
);
const tenant = fc.record({ scimKey: fc.constant('${KEY}'), groups: fc.dictionary(name, group, { maxKeys: 4 }) }, { requiredKeys: ['groups'] });
const config = fc.record(
  {
    version: fc.constant(1),
    provider: fc.constant({ type: 'descope', projectId: '${P}', managementKey: '${MK}', http: { maxRequestsPerMinute: 600 } }),
    defaults: fc.constant({ members: 'authoritative', safety: { maxRemovalPercent: 25 } }),
    tenants: fc.dictionary(word.map((w) => `T${w}`), tenant, { minKeys: 1, maxKeys: 3 }),
  },
  { requiredKeys: ['provider', 'tenants'] },
);

describe('renderCanonicalText', () => {
  test('what it renders is canonical to formatConfig, and reads back to the same data', () => {
    let rendered = 0;
    fc.assert(
      fc.property(config, (data) => {
        const text = renderCanonicalText(data);
        if (text === undefined) return;
        rendered++;
        expect(formatConfig(text, 'c.yaml')).toBe(text);
        // The plain reader leaves some of it to yaml (e.g. `@` in a key); what it reads must render back the same.
        const tree = readSimpleTree(text, 'c.yaml', {}, { uninterpolated: true });
        if (tree !== undefined) expect(renderCanonicalText(tree.data)).toBe(text);
      }),
      { numRuns: 300 },
    );
    // Most generated configs are in the shape it renders (names that need quotes are not).
    expect(rendered).toBeGreaterThan(30);
  });

  test('never calls a file canonical that formatConfig would change (every example config)', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(entry)) files.push(path);
      }
    };
    walk('examples');
    walk('test/fixtures/config');
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const tree = readSimpleTree(text, file, {}, { uninterpolated: true });
      if (tree === undefined || renderCanonicalText(tree.data) !== text) continue;
      expect(formatConfig(text, file), file).toBe(text);
    }
  });

  test('header and tenant comments sit where formatConfig keeps them', () => {
    const text = renderCanonicalText(
      { tenants: { T1: { scimKey: '${K:-}', groups: { Eng: { members: ['a@b.c', { userId: 'U1' }] }, Empty: {} } } } },
      { header: ['yaml-language-server: $schema=x.json', 'Imported.'], tenants: new Map([['T1', ['Left out: "SSO" (jit).']]]) },
    );
    expect(text).toBe(
      '# yaml-language-server: $schema=x.json\n# Imported.\n\ntenants:\n  # Left out: "SSO" (jit).\n  T1:\n    scimKey: ${K:-}\n    groups:\n      Empty: {}\n      Eng:\n        members:\n          - a@b.c\n          - {userId: U1}\n',
    );
    expect(formatConfig(text!, 'c.yaml')).toBe(text);
  });
});
