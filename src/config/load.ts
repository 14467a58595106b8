import { compareDiagnostics, type Diagnostic, DiagnosticsError, GroupformError } from '../errors.js';
import type { DesiredState } from '../model/types.js';
import { crossCheck } from './cross-check.js';
import { withoutUnrelatedYaml } from './discovery.js';
import { expandConfig } from './expand.js';
import { checkExpiryRules } from './expiry-rules.js';
import { listConfigFiles, readConfigFile } from './files.js';
import { readYaml } from './read-yaml.js';
import { matchesSchema, validateTreeSchema } from './schema-validate.js';
import { readSimpleTree } from './yaml/simple-tree.js';
import { toConfigTree } from './to-tree.js';
import type { ConfigTree } from './tree.js';
import { toDesired } from './to-desired.js';

export interface LoadOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The clock (ms since the epoch) for the rules that depend on it (maxDuration); undefined: those are skipped. */
  now?: number;
  /** Hears of each YAML file found in a directory and left out as not groupform's (no key of ours at its top). */
  onSkipped?: (file: string) => void;
}

export interface ConfigText {
  file: string;
  text: string;
}

/**
 * Reads a config set (files and directories; none: ./groupform.yaml), interpolates `${VAR}`, validates it
 * against schemas/groupform.schema.json and cross-checks files. Throws DiagnosticsError with every problem, or
 * GroupformError('CONFIG_NOT_FOUND') when nothing was named and ./groupform.yaml does not exist.
 */
export async function loadDesired(paths: readonly string[], options: LoadOptions): Promise<DesiredState> {
  const files = await listConfigFiles(paths, options.cwd);
  const read = await Promise.all(files.map(async (file) => ({ file, ...(await readConfigFile(options.cwd, file)) })));
  const { kept, skipped } = withoutUnrelatedYaml(read, paths.length === 0 ? files : paths, options.cwd);
  for (const file of skipped) options.onSkipped?.(file);
  if (kept.length === 0) {
    throw new GroupformError('CONFIG_NOT_FOUND', `no groupform config among ${paths.join(', ')}: every YAML file found lacks provider, defaults and tenants at its top level`);
  }
  const undecodable = kept.flatMap((file) => (file.problem === undefined ? [] : [file.problem]));
  if (undecodable.length > 0) throw new DiagnosticsError(undecodable, `the configuration has errors in ${undecodable.length} file${undecodable.length === 1 ? '' : 's'}`);
  return loadDesiredFromTexts(kept.map(({ file, text }) => ({ file, text })), options.env, options.now);
}

/** The pure part of loadDesired: file texts in, desired state or every diagnostic out. */
export function loadDesiredFromTexts(texts: readonly ConfigText[], env: NodeJS.ProcessEnv, now?: number): DesiredState {
  if (texts.length === 0) throw new GroupformError('CONFIG_NOT_FOUND', 'no config file to read');
  const desired = loadQuickly(texts, env) ?? loadExplaining(texts, env);
  const diagnostics = checkExpiryRules(desired, now);
  if (diagnostics.length > 0) {
    const files = new Set(diagnostics.map((d) => d.file)).size;
    throw new DiagnosticsError(diagnostics.sort(compareDiagnostics), `the configuration has errors in ${files} file${files === 1 ? '' : 's'}`);
  }
  return desired;
}

/**
 * Most config sets are valid, and most files are written in plain block YAML: those files are read without
 * yaml's Document (the bulk of the time on big configs), the others with it. Undefined when anything is wrong:
 * loadExplaining then reads the whole set again and reports every problem.
 */
function loadQuickly(texts: readonly ConfigText[], env: NodeJS.ProcessEnv): DesiredState | undefined {
  const trees: ConfigTree[] = [];
  for (const { file, text } of texts) {
    const tree = readSimpleTree(text, file, env) ?? readFullTree(text, file, env);
    if (tree === undefined || !matchesSchema(tree)) return undefined;
    trees.push(tree);
  }
  if (crossCheck(trees, true).length > 0) return undefined;
  const expansion = expandConfig(trees);
  return expansion.diagnostics.length === 0 ? toDesired(trees, expansion, env) : undefined;
}

function readFullTree(text: string, file: string, env: NodeJS.ProcessEnv): ConfigTree | undefined {
  const source = readYaml(text, file);
  if (source.diagnostics.length > 0) return undefined;
  const tree = toConfigTree(source, env);
  return tree.diagnostics.length > 0 ? undefined : tree;
}

function loadExplaining(texts: readonly ConfigText[], env: NodeJS.ProcessEnv): DesiredState {
  const diagnostics: Diagnostic[] = [];
  const trees: ConfigTree[] = [];
  for (const { file, text } of texts) {
    const source = readYaml(text, file);
    if (source.diagnostics.length > 0) {
      diagnostics.push(...source.diagnostics);
      continue;
    }
    const tree = toConfigTree(source, env);
    diagnostics.push(...tree.diagnostics, ...validateTreeSchema(tree));
    trees.push(tree);
  }
  diagnostics.push(...crossCheck(trees, trees.length === texts.length));
  const expansion = expandConfig(trees);
  diagnostics.push(...expansion.diagnostics);
  if (diagnostics.length > 0) {
    const files = new Set(diagnostics.map((d) => d.file)).size;
    throw new DiagnosticsError(dedupe(diagnostics).sort(compareDiagnostics), `the configuration has errors in ${files} file${files === 1 ? '' : 's'}`);
  }
  return toDesired(trees, expansion, env);
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const id = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
