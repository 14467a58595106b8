import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';

const readmePath = join(repoRoot, 'README.md');
const errorsPath = join(repoRoot, 'docs', 'errors.md');
const readme = (): string => readFileSync(readmePath, 'utf8');

// ---- the configuration reference, generated from the schema ----

type Schema = Record<string, any>;

interface Row {
  path: string;
  value: string;
  description: string;
}

const KEY_NAMES: Record<string, string> = { tenants: '<tenantId>', groups: '<group>' };

function resolveRef(root: Schema, node: Schema): Schema {
  if (typeof node.$ref !== 'string') return node;
  const target = node.$ref.replace(/^#\//, '').split('/').reduce((n: Schema, key: string) => n[key], root);
  // Siblings of $ref (a more specific description) win over the target's.
  const { $ref: _ref, ...siblings } = node;
  return { ...resolveRef(root, target), ...siblings, $refName: node.$ref.split('/').pop() };
}

function describeValue(node: Schema): string {
  if (node.$refName === 'secret') return '`${VAR}` only';
  if ('const' in node) return `\`${String(node.const)}\``;
  if (Array.isArray(node.enum)) return node.enum.map((v: unknown) => `\`${String(v)}\``).join(' | ');
  const types: string[] = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  if (node.oneOf !== undefined) return 'mapping';
  if (types.includes('array')) return node.items?.type === undefined ? 'list' : `list of ${node.items.type}s`;
  const range = [
    node.minimum !== undefined ? `>= ${node.minimum}` : node.exclusiveMinimum !== undefined ? `> ${node.exclusiveMinimum}` : undefined,
    node.maximum !== undefined ? `<= ${node.maximum}` : undefined,
  ].filter((s) => s !== undefined);
  const named = types.map((t) => (t === 'object' ? 'mapping' : t)).join(' or ') || 'any';
  return range.length === 0 ? named : `${named} ${range.join(', ')}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function walk(root: Schema, raw: Schema, path: string, rows: Row[], label = ''): void {
  const node = resolveRef(root, raw);
  rows.push({ path: `\`${path}\`${label}`, value: describeValue(node), description: node.description ?? '' });
  if (Array.isArray(node.oneOf) && node.discriminator !== undefined) {
    for (const branch of node.oneOf) {
      const resolved = resolveRef(root, branch);
      const type = ` (${resolved.properties[node.discriminator.propertyName].const})`;
      for (const [key, child] of Object.entries<Schema>(resolved.properties)) walk(root, child, `${path}.${key}`, rows, type);
    }
    return;
  }
  for (const [key, child] of Object.entries<Schema>(node.properties ?? {})) walk(root, child, path === '' ? key : `${path}.${key}`, rows, label);
  if (typeof node.additionalProperties === 'object') {
    const name = KEY_NAMES[path.split('.').pop() ?? ''] ?? '<key>';
    walk(root, node.additionalProperties, `${path}.${name}`, rows, label);
  }
  // A list of plain values is described by its own row; a list of alternatives or mappings gets a row per kind.
  const items = node.items === undefined ? undefined : resolveRef(root, node.items);
  if (items !== undefined && (items.anyOf !== undefined || items.type === 'object')) {
    for (const alternative of items.anyOf ?? [items]) {
      const item = resolveRef(root, alternative);
      if (item.type === 'object') {
        for (const [key, child] of Object.entries<Schema>(item.properties ?? {})) walk(root, child, `${path}[].${key}`, rows, label);
      } else {
        rows.push({ path: `\`${path}[]\`${label}`, value: describeValue(item), description: item.description ?? '' });
      }
    }
  }
}

function loadSchema(): Schema {
  return JSON.parse(readFileSync(join(repoRoot, 'schemas', 'groupform.schema.json'), 'utf8')) as Schema;
}

function renderReference(schema: Schema): string {
  const rows: Row[] = [];
  for (const [key, child] of Object.entries<Schema>(schema.properties)) walk(schema, child, key, rows);
  const lines = ['| key | value | meaning |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.path} | ${cell(r.value)} | ${cell(r.description)} |`)];
  return `${lines.join('\n')}\n`;
}

/** Every property name anywhere in the schema (under `properties`), however deep. */
function propertyNames(node: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) propertyNames(item, names);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties') for (const name of Object.keys(value as object)) names.add(name);
      propertyNames(value, names);
    }
  }
  return names;
}

const START = '<!-- config-reference:start -->\n';
const END = '<!-- config-reference:end -->';

function referenceSection(text: string): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  expect(start, 'README.md has the config-reference markers').toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return text.slice(start + START.length, end);
}

describe('README configuration reference', () => {
  it('is the table generated from schemas/groupform.schema.json', () => {
    const expected = renderReference(loadSchema());
    const text = readme();
    if (process.env.UPDATE_DOCS === '1') {
      const start = text.indexOf(START) + START.length;
      writeFileSync(readmePath, `${text.slice(0, start)}${expected}${text.slice(text.indexOf(END))}`);
      return;
    }
    expect(referenceSection(text), 'run: UPDATE_DOCS=1 npx vitest run test/cli/docs.test.ts').toBe(expected);
  });

  it('names every property of the schema, each with a meaning', () => {
    const section = referenceSection(readme());
    for (const name of propertyNames(loadSchema())) expect(section, `property ${name}`).toMatch(new RegExp(`[.\`]${name}\``));
    for (const row of section.trim().split('\n').slice(2)) expect(row, 'every row has a description').not.toMatch(/\|\s*\|$/);
  });
});

// ---- error codes ----

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const CODE = `'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'`;
// new XError('CODE' / super('CODE' / code: 'CODE' / errorAt(place, 'CODE' / this.report(place, 'CODE' — across line breaks.
const CODE_PATTERNS = [
  new RegExp(`new \\w*Error\\(\\s*${CODE}`, 'g'),
  new RegExp(`super\\(\\s*${CODE}`, 'g'),
  new RegExp(`\\bcode: ${CODE}`, 'g'),
  new RegExp(`(?:errorAt|warningAt|this\\.report)\\([^;]*?,\\s*${CODE}`, 'g'),
  // new XError(cond ? 'CODE_A' : 'CODE_B', ...
  new RegExp(`new \\w*Error\\(\\s*[^,;'()]*\\?\\s*${CODE}\\s*:\\s*${CODE}`, 'g'),
];

/** code -> the source files using it. */
function codesInSource(): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const file of sourceFiles(join(repoRoot, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of CODE_PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        for (const code of match.slice(1)) {
          // Descope's own wire codes (E011001...) are answers the emulator gives, not groupform's.
          if (code === undefined || /^E\d+$/.test(code) || code.length < 3) continue;
          codes.set(code, [...new Set([...(codes.get(code) ?? []), relative(repoRoot, file)])]);
        }
      }
    }
  }
  return codes;
}

function documentedCodes(): Set<string> {
  return new Set([...readFileSync(errorsPath, 'utf8').matchAll(/^### `([A-Z0-9_]+)`/gm)].map((m) => m[1] ?? ''));
}

describe('docs/errors.md', () => {
  it('explains every error code the source can produce', () => {
    const codes = codesInSource();
    expect(codes.size).toBeGreaterThan(20);
    const documented = documentedCodes();
    const missing = [...codes].filter(([code]) => !documented.has(code)).map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(missing, 'add a "### `CODE`" section to docs/errors.md for each').toEqual([]);
  });

  it('documents no code the source no longer has', () => {
    const codes = codesInSource();
    const stale = [...documentedCodes()].filter((code) => !codes.has(code));
    expect(stale).toEqual([]);
  });

  it('gives each code a cause and a fix', () => {
    const sections = readFileSync(errorsPath, 'utf8').split(/^### /m).slice(1);
    for (const section of sections) expect(section.trim().split('\n').length, section.split('\n')[0]).toBeGreaterThan(1);
  });
});

// ---- README promises ----

function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`);
  expect(start, `README has "## ${heading}"`).toBeGreaterThan(-1);
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(start, next < 0 ? undefined : next);
}

describe('README', () => {
  it('starts in exactly two commands', () => {
    const quick = section(readme(), 'Quick start');
    const block = /```sh\n([\s\S]*?)```/.exec(quick)?.[1] ?? '';
    expect(block.trim().split('\n')).toEqual(['npm ci && npm run demo', 'npm test']);
  });

  it('documents every command with an example, and every exit code', () => {
    const text = readme();
    const commands = section(text, 'Commands');
    for (const command of ['validate', 'plan', 'apply', 'import', 'fmt', 'emulator']) {
      const part = commands.slice(commands.indexOf(`### ${command}\n`));
      expect(commands, command).toContain(`### ${command}\n`);
      expect(part, `example of ${command}`).toMatch(new RegExp(`\`\`\`sh\\n(?:.*\\n)*?groupform ${command}\\b`));
    }
    const exits = section(text, 'Exit codes');
    for (const code of [0, 1, 2, 3]) expect(exits).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
    for (const heading of ['Safety and saved plans', 'Providers and their limits', 'Decisions where the spec is silent']) section(text, heading);
  });
});

// ---- --help of the built binary ----

describe('--help', () => {
  const listed = runCli(['--help']);
  const commands = [...(/Commands:\n([\s\S]*?)(?:\n\n|$)/.exec(listed.stdout)?.[1] ?? '').matchAll(/^ {2}(\w+)/gm)]
    .map((m) => m[1] ?? '')
    .filter((name) => name !== 'help');

  it('lists the commands', () => {
    expect(listed.status).toBe(0);
    expect(commands).toEqual(['validate', 'plan', 'apply', 'show', 'review', 'report', 'approvers', 'import', 'fmt', 'emulator']);
  });

  it.each(commands)('of %s shows an example', (command) => {
    const result = runCli([command, '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`\\nExamples:\\n {2}groupform ${command}\\b`));
    // A file an example names from the repository (the emulator's seed) is there to run it with.
    for (const [path] of result.stdout.matchAll(/\bexamples\/[\w./-]+/g)) expect(statSync(join(repoRoot, path)).isFile(), path).toBe(true);
  });

  it('at the top names the exit codes, the environment variables read and the docs', () => {
    expect(listed.stdout).toMatch(/\nExit codes:\n {2}0 [^]* {2}3 {2}blocked by a safety rule\n/);
    for (const name of ['HTTPS_PROXY', 'NO_PROXY', 'NODE_EXTRA_CA_CERTS', 'NO_COLOR', 'FORCE_COLOR', 'GROUPFORM_NOW', 'DESCOPE_BASE_URL']) {
      expect(listed.stdout).toContain(name);
    }
    expect(listed.stdout).toContain('docs/errors.md');
  });

  it.each(['validate', 'review'])('of %s (no network) lists no request options', (command) => {
    const help = runCli([command, '--help']).stdout;
    expect(help).not.toContain('--concurrency');
    expect(help).not.toContain('--debug');
    expect(help).toContain('--tenant');
  });
});
