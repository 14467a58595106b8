import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it, vi } from 'vitest';
import configSchema from '../../../schemas/groupform.schema.json' with { type: 'json' };
import planSchema from '../../../schemas/plan.schema.json' with { type: 'json' };
import snapshotSchema from '../../../schemas/snapshot.schema.json' with { type: 'json' };
import { parseSnapshot } from '../../../src/config/snapshot.js';
import { DiagnosticsError } from '../../../src/errors.js';
import { provider, textDiagnostics } from './support.js';

// Lengths are validated in UTF-16 code units (src/config/schema-options.ts), which agrees with code points only
// for `minLength: 1`: a schema change that sets any other length must count them in code points again.
function lengthKeywords(node: unknown, path: string): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => lengthKeywords(item, `${path}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => [
    ...((key === 'minLength' && value !== 1) || key === 'maxLength' || key === 'minProperties' ? [`${path}/${key}: ${JSON.stringify(value)}`] : []),
    ...lengthKeywords(value, `${path}/${key}`),
  ]);
}

describe('the schemas', () => {
  // Runs compile them without checking them against the meta-schema (src/config/schema-options.ts): this does.
  it.each([
    ['groupform.schema.json', configSchema],
    ['snapshot.schema.json', snapshotSchema],
    ['plan.schema.json', planSchema],
  ])('%s is a valid JSON Schema 2020-12 document', (_name, schema) => {
    const ajv = new Ajv2020({ strict: true, discriminator: true, allowUnionTypes: true });
    expect(ajv.validateSchema(schema), ajv.errorsText(ajv.errors)).toBe(true);
  });
});

describe('string lengths in the schemas', () => {
  it('are only ever minLength 1, where code units and code points agree', () => {
    expect(lengthKeywords(configSchema, 'groupform.schema.json#')).toEqual([]);
    expect(lengthKeywords(snapshotSchema, 'snapshot.schema.json#')).toEqual([]);
  });

  it('still refuse an empty string and accept a one-character astral one, saying nothing on the console', () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      expect(parseSnapshot('{"tenants": {"T1": {"users": [{"userId": "\u{1F600}"}]}}}', 's.json')).toEqual({ tenants: { T1: { users: [{ userId: '\u{1F600}' }] } } });
      expect(() => parseSnapshot('{"tenants": {"T1": {"users": [{"userId": ""}]}}}', 's.json')).toThrow(DiagnosticsError);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('refuse an empty login id in a config at its place', async () => {
    expect(await textDiagnostics(`${provider}tenants:\n  T1:\n    groups:\n      Eng:\n        members: ["", "\u{1F600}@acme.com"]\n`)).toEqual(['c.yaml:9:19 INVALID_VALUE']);
  });
});
