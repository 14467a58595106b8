import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { buildProgram } from '../../src/cli/program.js';
import { repoRoot, runCli } from '../support/cli.js';

const ciDir = join(repoRoot, 'examples', 'ci');
const workflows = readdirSync(ciDir).filter((name) => /\.ya?ml$/.test(name)).sort();

/**
 * What a workflow runs: the GitHub one delegates to the repository's action, the GitLab one includes the CI/CD
 * component (templates/groupform.yml: its spec, then its jobs); their comment logic is TypeScript.
 */
function sourcesOf(name: string): { docs: unknown[]; text: string } {
  const github = name === 'github-actions.yml';
  const files = [join(ciDir, name), github ? join(repoRoot, 'action.yml') : join(repoRoot, 'templates', 'groupform.yml')];
  const code = [github ? join(repoRoot, 'src', 'ci', 'github', 'plan-comment.ts') : join(repoRoot, 'src', 'ci', 'gitlab', 'plan-note.ts')];
  const texts = files.map((file) => readFileSync(file, 'utf8'));
  const docs = texts.flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJS() as unknown));
  return { docs, text: [...texts, ...code.map((file) => readFileSync(file, 'utf8'))].join('\n') };
}

/** Every command and its long flags, read from the real program, so the list cannot go stale. */
function knownFlags(): Map<string, Set<string>> {
  const silent = { write: () => true };
  const program = buildProgram({ stdout: silent, stderr: silent, env: {}, cwd: repoRoot }, () => undefined);
  const flagsOf = (command: Command): string[] => [...command.options.map((o) => o.long ?? ''), '--help'];
  return new Map(program.commands.map((command) => [command.name(), new Set(flagsOf(command))]));
}

/** Every string anywhere in a parsed workflow: `run:` and `script:` bodies are among them. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

interface Invocation {
  command: string;
  flags: string[];
  text: string;
}

/** `npx groupform <command> ...` up to the end of the shell command (continuation lines joined). */
function invocationsIn(script: string): Invocation[] {
  const lines = script.replace(/\\\n\s*/g, ' ').split('\n').filter((line) => !line.trim().startsWith('#'));
  const found: Invocation[] = [];
  for (const line of lines) {
    for (const match of line.matchAll(/npx (?:--no-install )?groupform\s+(\S+)([^;|&>]*)/g)) {
      const rest = match[2] ?? '';
      found.push({ command: match[1] ?? '', flags: [...rest.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]), text: match[0] });
    }
  }
  return found;
}

describe('CI workflow examples', () => {
  it('exist for GitHub Actions and GitLab CI', () => {
    expect(workflows).toEqual(['github-actions.yml', 'gitlab-ci.yml']);
  });

  it.each(workflows)('%s is valid YAML', (name) => {
    const text = readFileSync(join(ciDir, name), 'utf8');
    expect(() => parse(text, { uniqueKeys: true, prettyErrors: true })).not.toThrow();
    expect(parse(text)).toBeTypeOf('object');
  });

  it.each(workflows)('%s runs only commands and flags groupform has', (name) => {
    const known = knownFlags();
    const invocations = sourcesOf(name).docs.flatMap(stringsOf).flatMap(invocationsIn);
    // Each workflow plans with a markdown comment and a saved plan, and applies that saved plan.
    expect(invocations.map((i) => i.command)).toEqual(expect.arrayContaining(['validate', 'fmt', 'plan', 'apply']));
    const texts = invocations.map((i) => i.text).join('\n');
    expect(texts).toMatch(/plan \S+ --format markdown --out plan\.json --detailed-exitcode/);
    expect(texts).toMatch(/apply \S+ --plan plan\.json --auto-approve/);
    for (const invocation of invocations) {
      const flags = known.get(invocation.command);
      expect(flags, `${name}: unknown command in "${invocation.text}"`).toBeDefined();
      for (const flag of invocation.flags) expect(flags?.has(flag), `${name}: ${invocation.command} has no ${flag} ("${invocation.text}")`).toBe(true);
    }
  });

  it.each(workflows)('%s updates one comment by the plan marker and fails the check on exit 1 and 3', (name) => {
    const { text } = sourcesOf(name);
    expect(text).toMatch(/<!-- groupform-plan -->|PLAN_COMMENT_MARKER/);
    expect(text).toMatch(/startsWith\((marker|PLAN_COMMENT_MARKER)\)/);
    expect(text).toMatch(/-eq 3|== '3'|0\/3\) node "\$STEPS" comment blocked|3\) outcome=blocked/);
  });

  it.each(workflows)('%s plans without any SCIM write key', (name) => {
    const docs = sourcesOf(name).docs as Record<string, unknown>[];
    const planJob = docs.map((doc) => doc['groupform-plan'] ?? (doc.jobs as Record<string, unknown> | undefined)?.plan).find((job) => job !== undefined);
    expect(JSON.stringify(planJob)).toMatch(/groupform plan|"mode":"plan"/);
    expect(JSON.stringify(planJob)).not.toMatch(/SCIM_KEY|SCIM_TOKEN/);
  });
});

describe('example config sets', () => {
  const sets = readdirSync(join(repoRoot, 'examples')).filter(
    (name) => name !== 'ci' && statSync(join(repoRoot, 'examples', name)).isDirectory(),
  );

  // `groupform validate` of each runs in offline-commands.test.ts; here: they are written as `fmt` would.
  it.each(sets)('examples/%s is canonical (fmt --check)', (name) => {
    const result = runCli(['fmt', '--check', join('examples', name)]);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(sets)('examples/%s starts each file with the $schema comment', (name) => {
    const files = (readdirSync(join(repoRoot, 'examples', name), { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const first = readFileSync(join(repoRoot, 'examples', name, file), 'utf8').split('\n')[0] ?? '';
      const ref = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
      expect(ref, file).toBeDefined();
      expect(statSync(join(repoRoot, 'examples', name, file, '..', ref ?? '')).isFile(), `${file}: ${ref}`).toBe(true);
    }
  });
});
