import { describe, expect, it } from 'vitest';
import { DiagnosticsError } from '../../../src/errors.js';
import { loadDesired } from '../../../src/config/index.js';
import { diagnosticsOf, fixtures, repoRoot, textDiagnostics } from './support.js';

const f = (name: string): string => `${fixtures}/${name}`;

describe('loadDesired rejects each kind of mistake at its place', () => {
  it.each([
    ['unknown-key.yaml', [`${f('unknown-key.yaml')}:5:3 UNKNOWN_KEY`, `${f('unknown-key.yaml')}:10:9 UNKNOWN_KEY`]],
    ['duplicate-key.yaml', [`${f('duplicate-key.yaml')}:10:7 DUPLICATE_KEY`]],
    ['bad-yaml.yaml', [`${f('bad-yaml.yaml')}:5:1 YAML_SYNTAX`]],
    ['missing-var.yaml', [`${f('missing-var.yaml')}:4:14 ENV_MISSING`, `${f('missing-var.yaml')}:5:18 ENV_MISSING`, `${f('missing-var.yaml')}:10:26 ENV_MISSING`]],
    [
      'literal-secret.yaml',
      [`${f('literal-secret.yaml')}:5:18 LITERAL_SECRET`, `${f('literal-secret.yaml')}:8:14 LITERAL_SECRET`, `${f('literal-secret.yaml')}:11:14 LITERAL_SECRET`],
    ],
    ['tenant-two-files', [`${f('tenant-two-files/b.yaml')}:5:3 TENANT_DUPLICATE`]],
    ['group-duplicate.yaml', [`${f('group-duplicate.yaml')}:9:7 GROUP_DUPLICATE`]],
    ['group-previously.yaml', [`${f('group-previously.yaml')}:10:7 GROUP_DUPLICATE`, `${f('group-previously.yaml')}:12:22 GROUP_DUPLICATE`]],
    ['member-duplicate.yaml', [`${f('member-duplicate.yaml')}:12:13 MEMBER_DUPLICATE`, `${f('member-duplicate.yaml')}:13:13 MEMBER_DUPLICATE`]],
    ['no-provider', [`${f('no-provider/tenants.yaml')}:1:1 PROVIDER_MISSING`]],
    ['two-providers', [`${f('two-providers/two.yaml')}:2:1 PROVIDER_DUPLICATE`]],
    [
      'bad-enum.yaml',
      [
        `${f('bad-enum.yaml')}:1:10 INVALID_VALUE`,
        `${f('bad-enum.yaml')}:5:14 INVALID_VALUE`,
        `${f('bad-enum.yaml')}:7:12 INVALID_VALUE`,
        `${f('bad-enum.yaml')}:9:24 INVALID_VALUE`,
        `${f('bad-enum.yaml')}:12:22 INVALID_VALUE`,
        `${f('bad-enum.yaml')}:16:18 WRONG_TYPE`,
      ],
    ],
    // No {tenantId}: the token chooses the tenant, and T1 and T2 would share the provider's.
    [
      'scim-no-tenant-id.yaml',
      [`${f('scim-no-tenant-id.yaml')}:8:5 KEY_FOR_OTHER_PROVIDER`, `${f('scim-no-tenant-id.yaml')}:10:3 SCIM_TOKEN_SHARED`],
    ],
  ])('%s', async (fixture, expected) => {
    expect(await diagnosticsOf([f(fixture)])).toEqual(expected);
  });

  async function messages(paths: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    try {
      await loadDesired(paths, { env, cwd: repoRoot });
    } catch (error) {
      if (error instanceof DiagnosticsError) return error.diagnostics.map((d) => d.message).join('\n');
    }
    throw new Error('expected diagnostics');
  }

  it('names both places of a duplicate', async () => {
    expect(await messages([f('tenant-two-files')])).toBe(`tenant "T1" is also declared at ${f('tenant-two-files/a.yaml')}:2:3`);
    expect(await messages([f('duplicate-key.yaml')])).toBe(`key "Eng" is also declared at ${f('duplicate-key.yaml')}:8:7`);
    const previously = await messages([f('group-previously.yaml')]);
    expect(previously).toContain(`group "Eng" names the same group as "Eng" in previously of "Engineering" at ${f('group-previously.yaml')}:9:22`);
    expect(previously).toContain(`"ops" in previously of "Ops" names the same group as group "Ops" at ${f('group-previously.yaml')}:11:7`);
    expect(await messages([f('member-duplicate.yaml')])).toContain(`member "Alice@Acme.com" is also listed at ${f('member-duplicate.yaml')}:10:13`);
    expect(await messages([f('two-providers')])).toContain(`${f('two-providers/one.yaml')}:1:1`);
  });

  it('says what is wrong in words a user can act on', async () => {
    expect(await messages([f('unknown-key.yaml')])).toContain('unknown key "memebers" (did you mean "members"?)');
    expect(await messages([f('bad-enum.yaml')])).toContain('members must be one of: authoritative, additive (got "authoritive")');
    expect(await messages([f('scim-no-tenant-id.yaml')])).toContain(
      `tenant "T2" would use the same token (\${GF_TEST_TOKEN}) as tenant "T1" at ${f('scim-no-tenant-id.yaml')}:7:3 (it has no \`token\` of its own, so it takes the provider's): ` +
        'the scim baseUrl has no {tenantId}, so the bearer token alone chooses the tenant, and both would reach one; give each tenant its own token, e.g. `token: ${SCIM_TOKEN_T2}`',
    );
    const missing = await messages([f('missing-var.yaml')]);
    expect(missing).toContain('environment variable GF_TEST_SUFFIX is not set (to make it optional, give a default: ${GF_TEST_SUFFIX:-value})');
    // A secret may not have a default, only be absent.
    expect(missing).toContain('environment variable GF_TEST_MANAGEMENT_KEY is not set (write ${GF_TEST_MANAGEMENT_KEY:-} if it may be absent)');
  });

  it('never puts a literal secret in a message', async () => {
    const text = await messages([f('literal-secret.yaml')]);
    expect(text).not.toMatch(/mk-literal-value|prefix-|sk-default-value/);
  });

  it('reports the problems of every file at once, sorted by place', async () => {
    const all = await diagnosticsOf([f('unknown-key.yaml'), f('bad-yaml.yaml'), f('group-duplicate.yaml')]);
    expect(all).toEqual([
      `${f('bad-yaml.yaml')}:5:1 YAML_SYNTAX`,
      `${f('group-duplicate.yaml')}:9:7 GROUP_DUPLICATE`,
      // Two files hold provider (bad-yaml.yaml, unreadable, does not count).
      `${f('unknown-key.yaml')}:2:1 PROVIDER_DUPLICATE`,
      `${f('unknown-key.yaml')}:5:3 UNKNOWN_KEY`,
      // T1 is declared in group-duplicate.yaml too, which sorts first.
      `${f('unknown-key.yaml')}:7:3 TENANT_DUPLICATE`,
      `${f('unknown-key.yaml')}:10:9 UNKNOWN_KEY`,
    ]);
  });
});

describe('schema details', () => {
  it.each([
    ['a member mapping with a typo names the key, not the other alternative', 'members: [{userid: U1}]', ['c.yaml:9:19 MISSING_KEY', 'c.yaml:9:20 UNKNOWN_KEY']],
    ['a member that is neither text nor a mapping', 'members: [[a]]', ['c.yaml:9:19 WRONG_TYPE']],
    ['an empty login id', 'members: [""]', ['c.yaml:9:19 INVALID_VALUE']],
    ['membersMode at group level', 'membersMode: sometimes', ['c.yaml:9:22 INVALID_VALUE']],
  ])('%s', async (_name, groupLine, expected) => {
    const text = `${'version: 1\nprovider:\n  type: descope\n  projectId: P\n'}tenants:\n  T1:\n    groups:\n      G:\n        ${groupLine}\n`;
    expect(await textDiagnostics(text)).toEqual(expected);
  });

  it('requires provider.type and tenant groups', async () => {
    expect(await textDiagnostics('provider:\n  projectId: P\ntenants:\n  T1: {}\n')).toEqual(['c.yaml:1:1 MISSING_KEY', 'c.yaml:4:3 MISSING_KEY']);
  });

  it('rejects an unknown provider type at the type', async () => {
    expect(await textDiagnostics('provider:\n  type: okta\n')).toEqual(['c.yaml:2:9 INVALID_VALUE']);
  });

  it('keeps defaults in the provider file', async () => {
    const diagnostics = await textDiagnostics({ 'a.yaml': 'provider: {type: descope, projectId: P}\n', 'b.yaml': 'defaults:\n  members: additive\n' });
    expect(diagnostics).toEqual(['b.yaml:1:1 DEFAULTS_MISPLACED']);
  });

  it('rejects a descope tenant with a scim token', async () => {
    expect(await textDiagnostics('provider: {type: descope, projectId: P}\ntenants:\n  T1:\n    token: ${X:-}\n    groups: {}\n')).toEqual([
      'c.yaml:4:5 KEY_FOR_OTHER_PROVIDER',
    ]);
  });

  it('rejects an invalid ${...} expression', async () => {
    expect(await textDiagnostics('provider: {type: descope, projectId: "P${not valid}"}\n')).toEqual(['c.yaml:1:40 ENV_SYNTAX']);
  });
});

describe('places of empty values', () => {
  it('reports `key:` with no value at the key', async () => {
    expect(await textDiagnostics('provider: {type: descope, projectId: P}\ntenants:\n  T1:\n  T2:\n    groups:\n')).toEqual([
      'c.yaml:3:3 WRONG_TYPE',
      'c.yaml:5:5 WRONG_TYPE',
    ]);
  });
});
