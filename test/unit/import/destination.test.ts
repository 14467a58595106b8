import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planOutputs, refuseExistingOutputs, resolveDestination } from '../../../src/import/destination.js';
import { findSchemaTarget, schemaRefFrom } from '../../../src/import/schema-ref.js';
import { repoRoot } from '../../support/cli.js';

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'groupform-dest-'));
  await mkdir(join(cwd, 'tenants'));
  await writeFile(join(cwd, 'tenants', 'T1.yaml'), 'tenants: {}\n');
});

afterAll(() => rm(cwd, { recursive: true, force: true }));

describe('import destination', () => {
  it.each([
    [undefined, { kind: 'stdout' }],
    ['-', { kind: 'stdout' }],
    ['tenants', { kind: 'dir', path: 'tenants' }],
    ['new/', { kind: 'dir', path: 'new/' }],
    ['new/acme.yaml', { kind: 'file', path: 'new/acme.yaml' }],
    ['tenants/T1.yaml', { kind: 'file', path: 'tenants/T1.yaml' }],
  ])('--out %s', async (out, expected) => {
    expect(await resolveDestination(out, cwd)).toEqual(expected);
  });

  it('plans one output for stdout or a file, one per tenant for a directory', () => {
    expect(planOutputs(['T2', 'T1'], { kind: 'stdout' }, cwd, '/config')).toEqual([{ dir: '/config', tenantIds: ['T1', 'T2'] }]);
    expect(planOutputs(['T2', 'T1'], { kind: 'file', path: 'all.yaml' }, cwd, '/config')).toEqual([
      { path: 'all.yaml', dir: cwd, tenantIds: ['T1', 'T2'] },
    ]);
    expect(planOutputs(['T2', 'a/b'], { kind: 'dir', path: 'out' }, cwd, '/config')).toEqual([
      { path: join('out', 'T2.yaml'), dir: join(cwd, 'out'), tenantIds: ['T2'] },
      { path: expect.stringMatching(/^out\/a_b-[0-9a-f]{8}\.yaml$/), dir: join(cwd, 'out'), tenantIds: ['a/b'] },
    ]);
  });

  it('refuses to overwrite, naming every existing file', async () => {
    const outputs = planOutputs(['T1', 'T2'], { kind: 'dir', path: 'tenants' }, cwd, cwd);
    await expect(refuseExistingOutputs(outputs, cwd)).rejects.toMatchObject({ code: 'IMPORT_OUT_EXISTS', message: expect.stringContaining('tenants/T1.yaml') });
    await expect(refuseExistingOutputs(planOutputs(['T3'], { kind: 'dir', path: 'tenants' }, cwd, cwd), cwd)).resolves.toBeUndefined();
  });
});

describe('the $schema reference', () => {
  it('follows the provider file, rebased to where the output sits', () => {
    const target = findSchemaTarget('# yaml-language-server: $schema=../schemas/groupform.schema.json\nversion: 1\n', '/repo/config/groupform.yaml');
    expect(target).toEqual({ path: '/repo/schemas/groupform.schema.json' });
    expect(schemaRefFrom(target, '/repo/config')).toBe('../schemas/groupform.schema.json');
    expect(schemaRefFrom(target, '/repo/config/tenants')).toBe('../../schemas/groupform.schema.json');
    expect(schemaRefFrom(target, '/repo/schemas')).toBe('./groupform.schema.json');
  });

  it('keeps a URL as it is', () => {
    const target = findSchemaTarget('# yaml-language-server: $schema=https://example.com/g.json\n', '/repo/groupform.yaml');
    expect(schemaRefFrom(target, '/anywhere')).toBe('https://example.com/g.json');
  });

  it('falls back to the schema shipped with the package', () => {
    const target = findSchemaTarget('version: 1\n', '/repo/groupform.yaml');
    expect(target).toEqual({ path: join(repoRoot, 'schemas', 'groupform.schema.json') });
    expect(schemaRefFrom(target, join(repoRoot, 'examples'))).toBe('../schemas/groupform.schema.json');
  });
});
