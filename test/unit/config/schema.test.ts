import { describe, expect, it } from 'vitest';
import schema from '../../../schemas/groupform.schema.json' with { type: 'json' };

type Schema = { description?: string; $ref?: string; properties?: Record<string, Schema>; [key: string]: unknown };

function resolve(node: Schema): Schema {
  if (node.$ref === undefined) return node;
  const name = node.$ref.replace('#/$defs/', '');
  return (schema.$defs as Record<string, Schema>)[name] ?? {};
}

function undocumented(node: unknown, path: string): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => undocumented(item, `${path}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'properties') {
      for (const [name, property] of Object.entries(value as Record<string, Schema>)) {
        if (property.description === undefined && resolve(property).description === undefined) found.push(`${path}/properties/${name}`);
      }
    }
    found.push(...undocumented(value, `${path}/${key}`));
  }
  return found;
}

describe('schemas/groupform.schema.json', () => {
  it('describes every property, so editors can explain each key', () => {
    expect(undocumented(schema, '#')).toEqual([]);
  });

  it('closes every object: unknown keys are errors', () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Schema;
      const isObject = n.type === 'object' || (Array.isArray(n.type) && n.type.includes('object'));
      if (isObject && n.additionalProperties === undefined) open.push(path);
      for (const [key, value] of Object.entries(n)) walk(value, `${path}/${key}`);
    };
    walk(schema, '#');
    // The provider's branches close it (each with additionalProperties: false).
    expect(open).toEqual(['#/properties/provider']);
  });
});
