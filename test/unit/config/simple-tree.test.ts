import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readYaml } from '../../../src/config/read-yaml.js';
import { readSimpleTree } from '../../../src/config/yaml/simple-tree.js';
import { toConfigTree } from '../../../src/config/to-tree.js';
import { repoRoot } from './support.js';
import { describeTree } from './tree-description.js';

const env = { A: 'alpha', EMPTY: '' };

/** The tree yaml's Document gives, or undefined when that reading has any problem. */
function fullTree(text: string): ReturnType<typeof toConfigTree> | undefined {
  const source = readYaml(text, 'c.yaml');
  if (source.diagnostics.length > 0) return undefined;
  const tree = toConfigTree(source, env);
  return tree.diagnostics.length > 0 ? undefined : tree;
}

/** readSimpleTree either declines or gives exactly the tree of the full reading (which then has no problem). */
function expectSameOrDeclined(text: string): boolean {
  const simple = readSimpleTree(text, 'c.yaml', env);
  if (simple === undefined) return false;
  const full = fullTree(text);
  expect(full, `yaml reports a problem in a text the simple reader took:\n${text}`).toBeDefined();
  expect(describeTree(simple)).toEqual(describeTree(full!));
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir)).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(repoRoot, path)).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

describe('readSimpleTree', () => {
  it.each(yamlFiles('examples').filter((f) => !f.startsWith('examples/ci/')))('reads %s exactly as yaml does', (file) => {
    expect(expectSameOrDeclined(readFileSync(join(repoRoot, file), 'utf8'))).toBe(true);
  });

  it.each([...yamlFiles('test/fixtures/config'), ...yamlFiles('examples/ci')])('reads %s as yaml does, or leaves it to yaml', (file) => {
    expectSameOrDeclined(readFileSync(join(repoRoot, file), 'utf8'));
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# a\n  # b\n'],
    ['comments anywhere', '# top\na:   # after a key\n   # deeper\n  b: 1 # after a value\n# back\nc: "x" # q\n'],
    ['an indentless list', 'a:\n- x\n-   y\nb: z\n'],
    ['an indented list of compact mappings', 'a:\n  - userId: U1\n    x: 2\n  -  userId: U2\n'],
    ['flow collections', 'a: [x, "y z", \'q\'\'s\', 12]\nb: {userId: U1, "k": v}\nc: []\nd: { }\n'],
    ['quoted keys and escapes', '"a b": 1\n\'c\'\'d\': "e\\\\f\\u00e9"\n"": x\n'],
    ['keys yaml reads as other types', '0123: a\n~: b\nnull: c\ntrue: d\n1.5: e\na:b: f\n'],
    ['plain scalars of every type', 'a: ~\nb: null\nc: True\nd: 0x1F\ne: 0o17\nf: -1.5e3\ng: .inf\nh: .NaN\ni: +12\nj: -x\nk: 1_000\nl:\n'],
    ['text where the schema wants text', 'provider:\n  projectId: 0123\ntenants:\n  T:\n    groups:\n      G:\n        externalId: 1e3\n        previously: [12, true]\n        members:\n          - +15551234\n          - 007\n          - userId: 42\n'],
    ['interpolation and secrets', 'provider:\n  projectId: ${A}\n  managementKey: ${EMPTY:-}\n  baseUrl: "${NOPE:-http://x}/$${y}"\n'],
    ['odd characters in plain scalars', 'a: b[1], {c} #d\ne: f:g\nh: i#j\nk: l - m\nn: é ü 𝄞\n'],
    ['a root list', '- a\n- b: c\n'],
    [
      'list items of every kind, in members and elsewhere',
      'tenants:\n  T:\n    groups:\n      G:\n        members:\n          - alice@x.test   \n          - n\n          - Nulls\n          - null\n          - TRUE\n          - 0123\n          - _x\n          - é\n          - a#b\n          - a: b\n          - ${A}\nother:\n  - true\n  - 12\n  - Null\n  - falsey\n  - x y\n',
    ],
    ['a root at an indentation', '  a: 1\n  b: 2\n'],
  ])('reads %s exactly as yaml does', (_name, text) => {
    expect(expectSameOrDeclined(text)).toBe(true);
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a custom tag', 'a: !include b.yaml\n'],
    ['a key holding ${', '"${A}": 1\n'],
    ['a key holding the escape $${', 'a$${b}: 1\nc: {d$${e}: 2}\n'],
    ['a control character written as an escape', 'a: "b\\u0001c"\n"d\\te": 1\n'],
    ['a C1 control character', 'a: "b\u0085c"\nd: e\u009ff\n'],
    ['a block scalar', 'a: |\n  x\n'],
    ['a multi-line plain scalar', 'a: x\n  y\n'],
    ['a multi-line flow list', 'a: [x,\n  y]\n'],
    ['a tab', 'a:\tx\n'],
    ['CRLF', 'a: x\r\nb: y\r\n'],
    ['a document marker', '---\na: x\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a missing environment variable', 'a: ${MISSING}\n'],
    ['a literal secret', 'provider:\n  token: abc\n'],
    ['a nested compact mapping', 'a: b: c\n'],
    ['an empty list item', 'a:\n  -\n  - x\n'],
    // JavaScript's trim would drop these; YAML keeps them as part of the value.
    ['a trailing no-break space', 'a: x\u00a0\n'],
    ['a trailing ideographic space in a list', '- alice@acme.com\u3000 # note\n'],
    ['a key ending in a no-break space', 'a\u00a0: b\n'],
    ['a quoted implicit key over 1024 characters', `"${'k'.repeat(1100)}": x\n`],
    ['a quoted implicit key over 1024 characters in a list', `- "${'k'.repeat(1100)}": x\n`],
  ])('leaves %s to yaml', (_name, text) => {
    expect(readSimpleTree(text, 'c.yaml', env)).toBeUndefined();
  });

  it('reads any text either exactly as yaml does, or not at all', () => {
    let taken = 0;
    fc.assert(
      fc.property(documentArbitrary, (text) => {
        if (expectSameOrDeclined(text)) taken += 1;
      }),
      { numRuns: 800 },
    );
    // The generator mostly writes the subset; a reader that declined everything would prove nothing.
    expect(taken).toBeGreaterThan(100);
  });
});

// Keys that reach the text, secret and member paths of the schema, and keys yaml reads as other types.
const KEYS = ['provider', 'projectId', 'managementKey', 'token', 'tenants', 'groups', 'members', 'previously', 'externalId', 'userId', 'x', '0', '~', 'null', 'a b', 'k:v'];
const PIECES = ['a', 'Z', 'é', '0', '7', '-', '.', '+', 'a@b', ' ', 'true', 'null', '0x1', '${A}', '${EMPTY:-d}', '$${'];
const ODD_PIECES = ['@', ':', ': ', '#', ' #', '$', '${', '{', '}', '[', ']', ',', '*', '&', '!', "'", '"', '\\', '~', '?', '|', '%'];
// The alphabet that found past divergences: Unicode spaces JavaScript's trim knows and YAML does not, control
// characters, and indicators rarely written in a config.
const UNICODE_SPACES = ['\u00a0', '\u3000', '\u2009', '\u2028', '\u2029', '\ufeff', '\u0085', '\u180e'];
const CONTROL_CHARACTERS = ['\t', '\r', '\u0000', '\u0001', '\u001b', '\u007f', '\u009f', '\ud800'];
const ODD_INDICATORS = ['`', '>', '<<', '- ', '? ', '---', '...', '%YAML', '!!str ', '&a ', '*a', '=', '\\"', "''"];

const pieceArbitrary = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_PIECES) },
  { weight: 1, arbitrary: fc.constantFrom(...UNICODE_SPACES, ...CONTROL_CHARACTERS, ...ODD_INDICATORS) },
);
const plainArbitrary = fc.array(pieceArbitrary, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
const wordArbitrary = fc.array(fc.constantFrom(...PIECES.filter((p) => p !== ' ')), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
const scalarArbitrary = fc.oneof(
  { weight: 4, arbitrary: plainArbitrary },
  { weight: 1, arbitrary: plainArbitrary.map((s) => JSON.stringify(s)) },
  { weight: 1, arbitrary: plainArbitrary.map((s) => `'${s.replaceAll("'", "''")}'`) },
  { weight: 1, arbitrary: fc.array(fc.oneof(wordArbitrary, plainArbitrary), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`) },
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom(...KEYS), wordArbitrary), { maxLength: 2 }).map((es) => `{${es.map(([k, v]) => `${k}: ${v}`).join(', ')}}`) },
  { weight: 1, arbitrary: fc.tuple(wordArbitrary, wordArbitrary).map(([a, b]) => `[${a}, {userId: ${b}}, [${a}], {}, []]`) },
);
// Long quoted keys: YAML limits an implicit key to 1024 characters, a limit the fast reader must honour.
const longKeyArbitrary = fc
  .tuple(fc.integer({ min: 1000, max: 1040 }), fc.constantFrom('"', "'"))
  .map(([length, quote]) => `${quote}${'k'.repeat(length)}${quote}`);
const keyArbitrary = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYS).map((k) => JSON.stringify(k)) },
  { weight: 1, arbitrary: longKeyArbitrary },
);
const commentArbitrary = fc.constantFrom('', '', '', '', ' # note', '  #');

type Block = { kind: 'map'; entries: [string, Block | string][] } | { kind: 'list'; items: (Block | string)[] };

const blockArbitrary: fc.Arbitrary<Block> = fc.letrec<{ block: Block; value: Block | string }>((tie) => ({
  block: fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.tuple(keyArbitrary, tie('value')), { minLength: 1, maxLength: 3 }).map((entries): Block => ({ kind: 'map', entries })) },
    { weight: 1, arbitrary: fc.array(tie('value'), { minLength: 1, maxLength: 3 }).map((items): Block => ({ kind: 'list', items })) },
  ),
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarArbitrary, tie('block')),
})).block;

const layoutArbitrary = fc.record({
  step: fc.integer({ min: 1, max: 3 }),
  indentless: fc.boolean(),
  comments: fc.array(commentArbitrary, { minLength: 8, maxLength: 8 }),
  // Per line, cycled: a comment line above it at this indentation (-1: none), and spaces around `:` and `-`.
  commentLines: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 1, maxLength: 7 }),
  beforeColon: fc.array(fc.constantFrom('', '', '', ' '), { minLength: 1, maxLength: 5 }),
  afterIndicator: fc.array(fc.constantFrom(' ', ' ', ' ', '  ', '   '), { minLength: 1, maxLength: 5 }),
  trailing: fc.constantFrom('', '', ' ', '  '),
  blankLines: fc.boolean(),
});

const documentArbitrary = fc.tuple(blockArbitrary, layoutArbitrary).map(([block, layout]) => {
  const lines: string[] = [];
  let n = 0;
  const cycle = <T>(list: readonly T[], fallback: T): T => list[n % list.length] ?? fallback;
  const push = (line: string): void => {
    const commentIndent = cycle(layout.commentLines, -1);
    if (commentIndent >= 0) lines.push(`${' '.repeat(commentIndent)}# comment`);
    lines.push(`${line}${layout.trailing}`);
    n += 1;
  };
  const comment = (): string => cycle(layout.comments, '');
  const write = (b: Block, indent: number, first: string | undefined): void => {
    const entries = b.kind === 'map' ? b.entries : b.items.map((v) => ['-', v] as [string, Block | string]);
    entries.forEach(([key, value], i) => {
      const pad = i === 0 && first !== undefined ? first : ' '.repeat(indent);
      const plainKey = !key.startsWith('"');
      const head = b.kind === 'map' ? `${pad}${key}${plainKey ? cycle(layout.beforeColon, '') : ''}:` : `${pad}-`;
      if (typeof value === 'string') {
        push(`${head}${cycle(layout.afterIndicator, ' ')}${value}${comment()}`);
      } else if (b.kind === 'list' && value.kind === 'map' && i % 2 === 0) {
        const dash = `${pad}-${cycle(layout.afterIndicator, ' ')}`;
        write(value, dash.length, dash);
      } else {
        push(`${head}${comment()}`);
        if (layout.blankLines) lines.push('');
        const nested = b.kind === 'map' && value.kind === 'list' && layout.indentless ? indent : indent + layout.step + (b.kind === 'list' ? 1 : 0);
        write(value, nested, undefined);
      }
    });
  };
  write(block, 0, undefined);
  return `${lines.join('\n')}\n`;
});
