import { scanExpressions } from './interpolate.js';
import { matchesPath, type Path } from './paths.js';

const SECRET_PATHS: readonly (readonly string[])[] = [
  ['provider', 'managementKey'],
  ['provider', 'token'],
  ['tenants', '*', 'scimKey'],
  ['tenants', '*', 'token'],
];

// Checked for every scalar of the file: most paths (members) are longer than any secret's.
const SECRET_DEPTHS = new Set(SECRET_PATHS.map((p) => p.length));

export function isSecretPath(path: Path): boolean {
  return SECRET_DEPTHS.has(path.length) && SECRET_PATHS.some((p) => matchesPath(path, p));
}

/**
 * Why a secret's source text is not a lone `${NAME}` / `${NAME:-}`, or undefined when it is. A literal, a
 * literal part or a non-empty default would put the credential in git. The message never quotes the value.
 */
export function checkSecretSource(raw: unknown, key: string): string | undefined {
  if (raw === null) return undefined;
  const example = `${key}: \${${key === 'managementKey' ? 'DESCOPE_MANAGEMENT_KEY' : key === 'scimKey' ? 'DESCOPE_SCIM_KEY_ACME' : 'SCIM_TOKEN'}}`;
  const literal = `${key} must come from the environment, e.g. \`${example}\`: a literal value would commit the secret`;
  if (typeof raw !== 'string') return literal;
  const { parts, problems } = scanExpressions(raw);
  const only = parts[0];
  if (problems.length > 0 || parts.length !== 1 || only === undefined || typeof only === 'string') return literal;
  if (only.fallback !== undefined && only.fallback !== '') {
    return `${key} must not have a default value, which would commit a secret: write \${${only.name}} or \${${only.name}:-}`;
  }
  return undefined;
}
