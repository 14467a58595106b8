import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMA_COMMENT = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m;

export type SchemaTarget = { url: string } | { path: string };

/**
 * Where an imported file's `$schema` comment should lead: the schema the provider file already names (so the
 * imported files follow the team's choice), else the schema shipped with this package.
 */
export function findSchemaTarget(providerFileText: string | undefined, providerFile: string): SchemaTarget {
  const named = providerFileText === undefined ? undefined : SCHEMA_COMMENT.exec(providerFileText)?.[1];
  if (named !== undefined) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(named)) return { url: named };
    return { path: isAbsolute(named) ? named : resolve(dirname(providerFile), named) };
  }
  return { path: packageSchemaPath() };
}

/** The reference as written in a file that sits in `fromDir`: relative, with forward slashes. */
export function schemaRefFrom(target: SchemaTarget, fromDir: string): string {
  if ('url' in target) return target.url;
  const path = relative(fromDir, target.path).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

// The package root holds package.json and schemas/; from src/import (tests) or dist/src/import (built) alike.
function packageSchemaPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) break;
    dir = dirname(dir);
  }
  return join(dir, 'schemas', 'groupform.schema.json');
}
