import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document } from 'yaml';
import { formatConfig, loadDesiredFromTexts } from '../../../src/config/index.js';
import { DiagnosticsError } from '../../../src/errors.js';
import { repoRoot, withoutPositions } from './support.js';

const format = (text: string): string => formatConfig(text, 'c.yaml');

describe('formatConfig', () => {
  it('orders keys, sorts tenants, groups and members, drops exact repeats, and keeps every comment with its item', () => {
    const text = `# yaml-language-server: $schema=../schemas/groupform.schema.json
tenants:   # all of them
  # zeta is the second tenant
  Tz:
    groups:
      ops: {}      # lower case sorts after upper
      # Admins first
      Admins:
        members: [zed@x.com, userId: U2, Bob@x.com, alice@x.com, zed@x.com, userId: U1, userId: U2]
    scimKey: \${SK_Z:-}
  Ta:
    groups:
      Eng:
        members:
          - b@x.com   # bee
          # about a
          - a@x.com
        membersMode: additive
        previously: [Old2, Old1]
        externalId: eng
defaults:
  safety: {maxGroupDeletePercent: 10, maxRemovalPercent: 20}
  members: additive
provider:
  writeMode: put
  managementKey: \${MK:-}
  projectId: P2x
  type: descope
version: 1
`;
    expect(format(text)).toBe(`# yaml-language-server: $schema=../schemas/groupform.schema.json
version: 1
provider:
  type: descope
  projectId: P2x
  managementKey: \${MK:-}
  writeMode: put
defaults:
  members: additive
  safety: {maxRemovalPercent: 20, maxGroupDeletePercent: 10}
tenants:   # all of them
  Ta:
    groups:
      Eng:
        externalId: eng
        previously: [Old2, Old1]
        membersMode: additive
        members:
          # about a
          - a@x.com
          - b@x.com   # bee
  # zeta is the second tenant
  Tz:
    scimKey: \${SK_Z:-}
    groups:
      # Admins first
      Admins:
        members: [alice@x.com, Bob@x.com, zed@x.com, {userId: U1}, {userId: U2}]
      ops: {}      # lower case sorts after upper
`);
  });

  it('orders a scim provider by its own keys', () => {
    const text = 'provider:\n  http: {timeoutSeconds: 3, maxRequestsPerMinute: 60}\n  token: ${T}\n  profile: aws\n  baseUrl: https://h/{tenantId}\n  type: scim\n';
    expect(format(text)).toBe('provider:\n  type: scim\n  baseUrl: https://h/{tenantId}\n  profile: aws\n  token: ${T}\n  http: {maxRequestsPerMinute: 60, timeoutSeconds: 3}\n');
  });

  it('keeps unknown keys, after the known ones, for validate to report', () => {
    expect(format('tenantz: {}\nversion: 1\n')).toBe('version: 1\ntenantz: {}\n');
  });

  it.each(['', '# only a comment\n', '- a list\n', 'just text\n'])('leaves %j alone', (text) => {
    expect(format(text)).toBe(text);
  });

  it('refuses YAML it cannot parse, at the place', () => {
    const error = (() => {
      try {
        format('tenants:\n  T1: [a\n');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DiagnosticsError);
    expect((error as DiagnosticsError).diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX', file: 'c.yaml' });
  });

  it.each(configFiles())('is idempotent on %s', (file) => {
    const once = formatConfig(readFileSync(join(repoRoot, file), 'utf8'), file);
    expect(formatConfig(once, file)).toBe(once);
  });

  it('format(format(x)) === format(x), and the formatted config means the same', () => {
    fc.assert(
      fc.property(configArbitrary(), ({ text }) => {
        const once = format(text);
        expect(format(once)).toBe(once);
        const before = loadDesiredFromTexts([{ file: 'c.yaml', text }], {});
        const after = loadDesiredFromTexts([{ file: 'c.yaml', text: once }], {});
        expect(withoutPositions(after)).toEqual(withoutPositions(before));
      }),
      { numRuns: 150 },
    );
  });
});

function configFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(repoRoot, dir)).sort()) {
      const path = join(dir, name);
      if (statSync(join(repoRoot, path)).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name) && !name.startsWith('bad-yaml')) found.push(path);
    }
  };
  walk('test/fixtures/config');
  walk('examples');
  return found.filter((f) => !f.startsWith('examples/ci'));
}

const NAMES = ['eng', 'ops', 'sales', 'platform', 'support', 'admins', 'qa', 'data'];
const LOGINS = ['alice@acme.com', 'bob@acme.com', 'carol@acme.com', 'dave@acme.com', 'erin@acme.com'];

const casing = (word: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

const shuffledEntries = <T>(entries: [string, T][]): fc.Arbitrary<[string, T][]> => fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length });

const groupArbitrary = (previously: string[]): fc.Arbitrary<Record<string, unknown> | null> =>
  fc
    .record(
      {
        externalId: fc.constantFrom('x1', 'ext-2', '123'),
        previously: fc.constant(previously),
        membersMode: fc.constantFrom('authoritative', 'additive'),
        members: fc.tuple(fc.subarray(LOGINS).chain((ls) => fc.tuple(...ls.map(casing))), fc.subarray(['U1', 'U2', 'u1'])).chain(([logins, users]) =>
          fc.shuffledSubarray([...logins, ...users.map((userId) => ({ userId }))], { minLength: logins.length + users.length, maxLength: logins.length + users.length }),
        ),
      },
      { requiredKeys: [] },
    )
    .chain((g) => fc.oneof(fc.constant(Object.keys(g).length === 0 ? null : g), fc.constant(g)))
    .chain((g) => (g === null ? fc.constant(null) : shuffledEntries(Object.entries(g)).map((e) => Object.fromEntries(e))));

const tenantArbitrary = fc
  .shuffledSubarray(NAMES, { minLength: 0, maxLength: NAMES.length })
  .chain((names) => {
    const half = Math.ceil(names.length / 2);
    const declared = names.slice(0, half);
    const old = names.slice(half);
    return fc.tuple(
      ...declared.map((name, i) => fc.tuple(casing(name), groupArbitrary(i === 0 ? old : []))),
      fc.record({ members: fc.constantFrom('authoritative', 'additive'), unmanagedGroups: fc.constantFrom('ignore', 'delete') }, { requiredKeys: [] }),
    );
  })
  .map((parts) => {
    const settings = parts[parts.length - 1] as Record<string, string>;
    const groups = Object.fromEntries(parts.slice(0, -1) as [string, unknown][]);
    return { ...settings, groups };
  });

function configArbitrary(): fc.Arbitrary<{ text: string }> {
  return fc
    .record({
      tenants: fc.uniqueArray(fc.constantFrom('T1', 'T2', 'T10', 'acme', 'Beta'), { maxLength: 4 }).chain((ids) => fc.tuple(...ids.map((id) => tenantArbitrary.map((t) => [id, t] as const)))),
      withDefaults: fc.boolean(),
      flow: fc.boolean(),
      comments: fc.boolean(),
    })
    .map(({ tenants, withDefaults, flow, comments }) => {
      const value = {
        tenants: Object.fromEntries(tenants),
        ...(withDefaults ? { defaults: { safety: { maxGroupDeletePercent: 10, maxRemovalPercent: 40 }, members: 'additive' } } : {}),
        provider: { projectId: 'P2', type: 'descope' },
      };
      const doc = new Document(value);
      if (comments) {
        const tenantsNode = doc.get('tenants') as { items?: { key: { commentBefore?: string }; value: { comment?: string } }[] } | undefined;
        tenantsNode?.items?.forEach((pair, i) => {
          pair.key.commentBefore = ` tenant comment ${i}`;
        });
      }
      return { text: doc.toString({ collectionStyle: flow ? 'flow' : 'any', lineWidth: 0 }) };
    });
}
