import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listConfigFiles, loadDesired, loadDesiredFromTexts } from '../../../src/config/index.js';
import { GroupformError } from '../../../src/errors.js';
import { Secret } from '../../../src/model/secret.js';
import { fixtures, provider, repoRoot } from './support.js';
import { tempDir } from '../../support/in-process.js';

const env = { GF_TEST_MANAGEMENT_KEY: 'mk-value', GF_TEST_SCIM_KEY_A: 'sk-a-value' };

describe('loadDesired', () => {
  it('builds the desired state of a directory, with inheritance, sorting, positions and secrets', async () => {
    const desired = await loadDesired([`${fixtures}/valid`], { env, cwd: repoRoot });
    const main = `${fixtures}/valid/groupform.yaml`;
    const acme = `${fixtures}/valid/tenants/acme.yaml`;
    const at = (file: string, line: number, column: number) => ({ file, line, column });
    expect(desired.files).toEqual([main, acme]);
    expect(desired.providerAt).toEqual(at(main, 3, 1));
    expect(desired.provider).toEqual({
      type: 'descope',
      projectId: 'P2valid',
      managementKey: expect.any(Secret),
      writeMode: 'patch',
      http: { timeoutSeconds: 10 },
    });
    expect(desired.provider.type === 'descope' && desired.provider.managementKey?.reveal()).toBe('mk-value');
    expect(desired.provider.type === 'descope' && desired.provider.managementKey?.origin).toBe('${GF_TEST_MANAGEMENT_KEY}');
    const [a, b] = desired.tenants;
    expect(a).toEqual({
      tenantId: 'T2a',
      unmanagedGroups: 'delete',
      safety: { maxRemovalPercent: 10, maxGroupDeletePercent: 5 },
      credential: expect.any(Secret),
      at: at(acme, 2, 3),
      groups: [
        {
          name: 'Engineering',
          previously: ['Eng'],
          membersMode: 'additive',
          members: [{ loginId: 'alice@acme.com', at: at(acme, 13, 13) }],
          at: at(acme, 9, 7),
        },
        {
          name: 'Literal',
          externalId: 'cost ${NOT_A_VAR} and fallback',
          previously: [],
          membersMode: 'authoritative',
          members: [],
          at: at(acme, 14, 7),
        },
      ],
    });
    expect(a?.credential?.reveal()).toBe('sk-a-value');
    expect(b).toEqual({
      tenantId: 'T2b',
      unmanagedGroups: 'ignore',
      safety: { maxRemovalPercent: 10, maxGroupDeletePercent: 25 },
      credential: expect.any(Secret),
      at: at(main, 14, 3),
      groups: [
        {
          name: 'Alpha',
          externalId: '123',
          previously: [],
          membersMode: 'additive',
          members: [
            { loginId: 'Bob@acme.com', at: at(main, 20, 45) },
            { loginId: 'zed@acme.com', at: at(main, 20, 19) },
            { userId: 'U9', at: at(main, 20, 33) },
          ],
          at: at(main, 18, 7),
        },
        { name: 'Zeta', previously: [], membersMode: 'additive', at: at(main, 17, 7) },
      ],
    });
  });

  it('keeps secrets out of JSON and inspection', async () => {
    const desired = await loadDesired([`${fixtures}/valid`], { env, cwd: repoRoot });
    const text = `${JSON.stringify(desired)}${String(desired.tenants[0]?.credential)}`;
    expect(text).not.toMatch(/mk-value|sk-a-value/);
  });

  it('takes a scim tenant token from the tenant, else the provider; an empty one is absent', async () => {
    const desired = await loadDesired([`${fixtures}/scim-valid.yaml`], {
      env: { GF_TEST_TOKEN: 'provider-token', GF_TEST_TENANT_TOKEN: 'own-token', GF_TEST_EMPTY: '' },
      cwd: repoRoot,
    });
    expect(desired.provider).toMatchObject({ type: 'scim', profile: 'huawei', baseUrl: 'https://scim.example.com/{tenantId}/scim/v2', http: {} });
    expect(desired.tenants.map((t) => [t.tenantId, t.credential?.reveal()])).toEqual([
      ['t-default', 'provider-token'],
      ['t-empty', 'provider-token'],
      ['t-own', 'own-token'],
    ]);
  });

  it('keeps an empty Descope key as empty, with the variable it came from, for the "missing key" message', () => {
    const desired = loadDesiredFromTexts(
      [{ file: 'c.yaml', text: `${provider}  managementKey: \${MK:-}\ntenants:\n  T1:\n    scimKey: \${SK}\n    groups: {}\n` }],
      { SK: '' },
    );
    const managementKey = desired.provider.type === 'descope' ? desired.provider.managementKey : undefined;
    expect([managementKey?.reveal(), managementKey?.origin]).toEqual(['', '${MK}']);
    expect([desired.tenants[0]?.credential?.reveal(), desired.tenants[0]?.credential?.origin]).toEqual(['', '${SK}']);
  });

  it('reads `Group:` with no value as {} and keys as written (0123, null, true stay text)', () => {
    const desired = loadDesiredFromTexts(
      [{ file: 'c.yaml', text: `${provider}tenants:\n  0123:\n    groups:\n      null:\n      true: {}\n      1.50: {members: [+15551234]}\n` }],
      {},
    );
    expect(desired.tenants[0]?.tenantId).toBe('0123');
    expect(desired.tenants[0]?.groups.map((g) => [g.name, g.members])).toEqual([
      ['1.50', [{ loginId: '+15551234', at: { file: 'c.yaml', line: 10, column: 24 } }]],
      ['null', undefined],
      ['true', undefined],
    ]);
  });

  it('accepts an empty file beside the provider file', () => {
    const desired = loadDesiredFromTexts([{ file: 'a.yaml', text: provider }, { file: 'b.yaml', text: '# nothing yet\n' }], {});
    expect(desired.files).toEqual(['a.yaml', 'b.yaml']);
    expect(desired.tenants).toEqual([]);
  });

  it('defaults to the built-in members, unmanagedGroups and safety', () => {
    const desired = loadDesiredFromTexts([{ file: 'c.yaml', text: `${provider}tenants:\n  T1:\n    groups:\n      G: {}\n` }], {});
    expect(desired.tenants[0]).toMatchObject({
      unmanagedGroups: 'ignore',
      safety: { maxRemovalPercent: 25, maxGroupDeletePercent: 25 },
      groups: [{ name: 'G', membersMode: 'authoritative' }],
    });
  });
});

describe('listConfigFiles', () => {
  it('reads directories recursively for *.yaml and *.yml, sorted, skipping hidden directories', async () => {
    const dir = await tempDir('groupform-files-');
    await mkdir(join(dir, 'config', 'tenants', 'deep'), { recursive: true });
    await mkdir(join(dir, 'config', '.github'), { recursive: true });
    for (const file of ['config/b.yaml', 'config/a.yml', 'config/tenants/deep/z.yaml', 'config/tenants/c.yaml', 'config/readme.md', 'config/.github/ci.yml', 'extra.yaml']) {
      await writeFile(join(dir, file), '');
    }
    expect(await listConfigFiles(['config', 'extra.yaml', 'config/b.yaml'], dir)).toEqual([
      'config/a.yml',
      'config/b.yaml',
      'config/tenants/c.yaml',
      'config/tenants/deep/z.yaml',
      'extra.yaml',
    ]);
  });

  it('defaults to ./groupform.yaml', async () => {
    const dir = await tempDir('groupform-files-');
    await writeFile(join(dir, 'groupform.yaml'), '');
    expect(await listConfigFiles([], dir)).toEqual(['groupform.yaml']);
  });

  it.each([
    [[], /no groupform\.yaml in .*: pass the config file or directory/],
    [['nope.yaml'], /nope\.yaml does not exist/],
    [['empty'], /empty holds no \*\.yaml or \*\.yml file/],
  ])('fails with CONFIG_NOT_FOUND for %j', async (paths, message) => {
    const dir = await tempDir('groupform-files-');
    await mkdir(join(dir, 'empty'));
    const error = await listConfigFiles(paths, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupformError);
    expect((error as GroupformError).code).toBe('CONFIG_NOT_FOUND');
    expect((error as GroupformError).message).toMatch(message);
  });
});
