import { isScalar, Schema, type ScalarTag } from 'yaml';
import { pointer, matchesPath, type Path } from './paths.js';
import { interpolate, type InterpolationProblem } from './interpolate.js';
import { checkSecretSource, isSecretPath } from './secrets.js';

// Plain scalars YAML reads as numbers or booleans, where the schema wants text (an `externalId: 123`, a login
// id `+15551234`): keep what was written.
const GROUP_TEXT_PATHS: readonly (readonly string[])[] = [
  ['externalId'],
  ['previously', '*'],
  ['include', '*'],
  ...['members', 'exclude'].flatMap((list) => [[list, '*'], [list, '*', 'userId'], [list, '*', 'set']]),
];
const TEXT_PATHS: readonly (readonly string[])[] = [
  ['provider', 'projectId'],
  ['provider', 'baseUrl'],
  ['tenants', '*', 'use', '*'],
  ['templates', '*', 'tenants', '*'],
  ['sets', '*', '*'],
  ['sets', '*', '*', 'userId'],
  ['sets', '*', '*', 'set'],
  ...[['tenants', '*', 'groups', '*'], ['templates', '*', 'groups', '*']].flatMap((group) => GROUP_TEXT_PATHS.map((p) => [...group, ...p])),
];

export interface ScalarValue {
  value: unknown;
  /** Why a secret's source is refused; the value is then ''. */
  literalSecret?: string;
  /** `${...}` problems, by index in the raw string. */
  problems: readonly InterpolationProblem[];
}

const NO_PROBLEMS: readonly InterpolationProblem[] = [];

/**
 * What a scalar means at `path`: interpolated, or kept as written where text is wanted. `plainSource` is the
 * source of a plain (unquoted) scalar, undefined for a quoted one. Records where a secret came from.
 */
export function convertScalar(raw: unknown, plainSource: string | undefined, path: Path, env: NodeJS.ProcessEnv, secretOrigins: Map<string, string>): ScalarValue {
  // The common case (a login id, a group's text) first: nothing to interpolate, not a secret.
  if (typeof raw === 'string' && !raw.includes('$') && !isSecretPath(path)) return { value: raw, problems: NO_PROBLEMS };
  const secret = isSecretPath(path);
  if (secret) {
    const literalSecret = checkSecretSource(raw, String(path[path.length - 1]));
    if (literalSecret !== undefined) return { value: '', literalSecret, problems: NO_PROBLEMS };
  }
  if (typeof raw !== 'string') {
    const asText = plainSource !== undefined && (typeof raw === 'number' || typeof raw === 'boolean') && isTextPath(path);
    return { value: asText ? plainSource : raw, problems: NO_PROBLEMS };
  }
  const result = interpolate(raw, env, { secret });
  if (secret && result.expressions[0] !== undefined) secretOrigins.set(pointer(path), `\${${result.expressions[0].name}}`);
  return { value: result.value, problems: result.problems };
}

function isTextPath(path: Path): boolean {
  return TEXT_PATHS.some((p) => matchesPath(path, p));
}

// yaml's own core-schema tags, the ones parseDocument resolves plain scalars with, in its order.
let coreTags: ScalarTag[] | undefined;

/** The value of a plain scalar, exactly as yaml's core schema (YAML 1.2) reads it. */
export function resolvePlain(source: string): unknown {
  // Only null, booleans and numbers are not text; each starts with one of these characters (or is empty).
  if (source !== '' && !MAYBE_NOT_TEXT.test(source)) return source;
  coreTags ??= new Schema({ schema: 'core' }).tags.filter((t): t is ScalarTag => t.default === true && 'test' in t && t.test !== undefined);
  const tag = coreTags.find((t) => t.test?.test(source));
  if (tag === undefined) return source;
  const value = tag.resolve(source, () => undefined, { intAsBigInt: false });
  return isScalar(value) ? value.value : value;
}

const MAYBE_NOT_TEXT = /^[-+.~0-9nNtTfF]/;
