import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import configSchema from '../../schemas/groupform.schema.json' with { type: 'json' };
import { type Diagnostic, errorAt } from '../errors.js';
import type { SourceRef } from '../model/types.js';
import { OWN_SCHEMA_OPTIONS } from './schema-options.js';
import { type ConfigTree, fileStart, placeAt } from './tree.js';

let compiled: ValidateFunction | undefined;
let compiledQuick: ValidateFunction | undefined;

// Compiled on first use, not on import: commands that read no config do not pay for it.
// verbose: errors carry their schema and data, to name allowed keys and choose among anyOf branches.
// The data is never printed for a secret (the secret keys are plain strings: no value-quoting error there).
function configValidator(): ValidateFunction {
  compiled ??= new Ajv2020({ ...OWN_SCHEMA_OPTIONS, allErrors: true, strict: true, discriminator: true, allowUnionTypes: true, verbose: true }).compile(configSchema);
  return compiled;
}

const NO_USERINFO = 'must not carry a user name or password (https://user:password@host): credentials go in managementKey, scimKey or token, from the environment';

const PATTERN_MESSAGES: Record<string, string> = {
  '^https?://': 'must be an http:// or https:// URL',
  '^[^:/?#]*://[^/?#@]*([/?#]|$)': NO_USERINFO,
  '^(https?://|\\s*$)': 'must be an http:// or https:// URL, or empty',
  '^([^:/?#]*://[^/?#@]*([/?#]|$)|\\s*$)': NO_USERINFO,
  [configSchema.$defs.until.pattern]: 'must be a date (2027-01-31) or an RFC 3339 time with its offset (2027-01-31T18:00:00Z)',
  [configSchema.$defs.duration.pattern]: 'must be a whole number and h, d or w, e.g. 90d',
};

// Whether a tree passes needs neither every error nor their data, and that validator compiles in a third of
// the time: a valid config set never compiles the explaining one.
export function matchesSchema(tree: ConfigTree): boolean {
  compiledQuick ??= new Ajv2020({ ...OWN_SCHEMA_OPTIONS, strict: true, discriminator: true, allowUnionTypes: true }).compile(configSchema);
  return compiledQuick(tree.data);
}

/** Schema problems of one file, each at the place of the key or value concerned. */
export function validateTreeSchema(tree: ConfigTree): Diagnostic[] {
  const validateConfig = configValidator();
  if (validateConfig(tree.data)) return [];
  const errors = collapseAlternatives(validateConfig.errors ?? []);
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of errors) {
    if (tree.reported.has(error.instancePath)) continue;
    const diagnostic = describe(error, tree);
    if (diagnostic === undefined) continue;
    const id = `${diagnostic.line}:${diagnostic.column}:${diagnostic.code}:${diagnostic.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}

function describe(error: ErrorObject, tree: ConfigTree): Diagnostic | undefined {
  const where = (ptr: string, onKey = false): SourceRef => {
    const place = placeAt(tree, segmentsOf(ptr)) ?? tree.root ?? { value: fileStart(tree) };
    return onKey ? (place.key ?? place.value) : place.value;
  };
  const child = (name: string): string => `${error.instancePath}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const params = error.params as Record<string, unknown>;
  const label = labelOf(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return errorAt(where(child(name), true), 'UNKNOWN_KEY', unknownKeyMessage(name, allowed));
    }
    case 'required':
      return errorAt(where(error.instancePath, true), 'MISSING_KEY', `missing required key "${String(params.missingProperty)}"`);
    case 'discriminator':
      return params.error === 'tag' && params.tagValue === undefined
        ? errorAt(where(error.instancePath, true), 'MISSING_KEY', 'missing required key "type" (descope or scim)')
        : errorAt(where(child('type')), 'INVALID_VALUE', `type must be one of: descope, scim${got(params.tagValue)}`);
    case 'propertyNames': {
      const name = String(params.propertyName);
      // The only names with a shape to follow are rate-limit routes; every other map only refuses empty names.
      const message = name === '' ? 'a name must not be empty' : `${JSON.stringify(name)} is not a route: write "METHOD /path" or "/path" (a trailing * covers every path below it)`;
      return errorAt(where(child(name), true), 'INVALID_KEY', message);
    }
    case 'type':
      return errorAt(where(error.instancePath), 'WRONG_TYPE', `${label} must be ${typeNames(params.type)}`);
    case 'enum':
      return errorAt(where(error.instancePath), 'INVALID_VALUE', `${label} must be one of: ${(params.allowedValues as unknown[]).join(', ')}${got(error.data)}`);
    case 'const':
      return errorAt(where(error.instancePath), 'INVALID_VALUE', `${label} must be ${JSON.stringify(params.allowedValue)}${got(error.data)}`);
    case 'minLength':
      return errorAt(where(error.instancePath), 'INVALID_VALUE', `${label} must not be empty`);
    case 'pattern':
      return errorAt(where(error.instancePath), 'INVALID_VALUE', `${label} ${PATTERN_MESSAGES[String(params.pattern)] ?? `must match ${String(params.pattern)}`}`);
    case 'anyOf':
    case 'oneOf':
      return errorAt(where(error.instancePath), 'WRONG_TYPE', `${label} must be ${alternativesName(error.schema)}`);
    default:
      return errorAt(where(error.instancePath), 'INVALID_VALUE', `${label} ${error.message ?? 'is invalid'}`);
  }
}

function segmentsOf(instancePath: string): string[] {
  return instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** What a message calls the value at a pointer: its key, or `list[i]` for a list item. */
function labelOf(instancePath: string): string {
  const segments = segmentsOf(instancePath);
  const last = segments[segments.length - 1];
  if (last === undefined) return 'the file';
  if (!/^\d+$/.test(last)) return last;
  return `${segments[segments.length - 2] ?? ''}[${last}]`;
}

/**
 * For `anyOf` (a member: login id or {userId}), ajv reports every branch's failure. Keep only the branch whose
 * type matches the value, so `{userid: U1}` says "unknown key userid", not also "must be string"; when no
 * branch's type matches, the anyOf error alone stays.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') continue;
    const branches = (Array.isArray(error.schema) ? error.schema : []) as { type?: unknown }[];
    const matching = branches.findIndex((b) => typeMatches(b.type, error.data));
    const prefix = `${error.schemaPath}/`;
    for (const other of errors) {
      if (other === error || !other.schemaPath.startsWith(prefix) || !other.instancePath.startsWith(error.instancePath)) continue;
      if (matching < 0 || !other.schemaPath.startsWith(`${prefix}${matching}/`)) drop.add(other);
    }
    if (matching >= 0) drop.add(error);
  }
  // propertyNames reports its sub-schema's failure too; the propertyNames error names the key.
  return errors.filter((e) => !drop.has(e) && !e.schemaPath.includes('/propertyNames/'));
}

function typeMatches(type: unknown, data: unknown): boolean {
  const actual = data === null ? 'null' : Array.isArray(data) ? 'array' : typeof data;
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => t === actual || (t === 'integer' && Number.isInteger(data)));
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  object: 'a mapping (key: value)',
  array: 'a list',
  integer: 'an integer',
  number: 'a number',
  null: 'empty',
  boolean: 'true or false',
};

function typeNames(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_NAMES[String(t)] ?? String(t)).join(' or ');
}

function alternativesName(schema: unknown): string {
  const branches = (Array.isArray(schema) ? schema : []) as { type?: unknown; description?: string }[];
  return branches.map((b) => (b.type === 'string' ? 'a login id (text)' : b.type === 'object' ? 'a mapping {userId: ...}' : typeNames(b.type))).join(' or ');
}

function got(value: unknown): string {
  if ((typeof value === 'string' && value.length <= 60) || typeof value === 'number' || typeof value === 'boolean') {
    return ` (got ${JSON.stringify(value)})`;
  }
  return '';
}

function unknownKeyMessage(name: string, allowed: readonly string[]): string {
  const guess = closest(name, allowed);
  const hint = guess === undefined ? '' : ` (did you mean "${guess}"?)`;
  return `unknown key "${name}"${hint}; allowed here: ${allowed.join(', ')}`;
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
