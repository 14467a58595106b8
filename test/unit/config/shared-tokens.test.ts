import { describe, expect, it } from 'vitest';
import { loadDesiredFromTexts } from '../../../src/config/index.js';
import { textDiagnostics } from './support.js';

/** Tenants as id -> the variable of its own token (undefined: none); `groups: {}` each. */
function config(baseUrl: string, tenants: Record<string, string | undefined>, providerToken?: string): string {
  const body = Object.entries(tenants)
    .map(([id, token]) => `  ${id}:\n${token === undefined ? '' : `    token: \${${token}}\n`}    groups: {}\n`)
    .join('');
  return `version: 1
provider:
  type: scim
  baseUrl: ${baseUrl}
${providerToken === undefined ? '' : `  token: \${${providerToken}}\n`}tenants:
${body}`;
}

const ONE_URL = 'https://scim.example.com/scim/v2';
const env = { TOKEN_A: 'token-aaaa', TOKEN_B: 'token-bbbb', TOKEN_COPY: 'token-aaaa', TOKEN: 'token-shared' };

describe('a scim baseUrl without {tenantId}: the token chooses the tenant', () => {
  it('takes each tenant with a token of its own', async () => {
    const desired = await loadDesiredFromTexts(
      [{ file: 'c.yaml', text: config(ONE_URL, { a: 'TOKEN_A', b: 'TOKEN_B' }) }],
      env,
    );
    expect(desired.tenants.map((t) => [t.tenantId, t.credential?.origin])).toEqual([
      ['a', '${TOKEN_A}'],
      ['b', '${TOKEN_B}'],
    ]);
  });

  it('takes one tenant on the provider\'s token', async () => {
    const desired = await loadDesiredFromTexts([{ file: 'c.yaml', text: config(ONE_URL, { a: undefined }, 'TOKEN') }], env);
    expect(desired.tenants[0]?.credential?.origin).toBe('${TOKEN}');
  });

  it.each<[string, Record<string, string | undefined>, string | undefined, string[]]>([
    ['the same variable', { a: 'TOKEN_A', b: 'TOKEN_A' }, undefined, ['c.yaml:10:5 SCIM_TOKEN_SHARED']],
    ['two variables of one value', { a: 'TOKEN_A', b: 'TOKEN_COPY' }, undefined, ['c.yaml:10:5 SCIM_TOKEN_SHARED']],
    ['the provider\'s token twice', { a: undefined, b: undefined, c: 'TOKEN_B' }, 'TOKEN', ['c.yaml:9:3 SCIM_TOKEN_SHARED']],
    ['a tenant\'s own token equal to the provider\'s taken by another', { a: undefined, b: 'TOKEN' }, 'TOKEN', ['c.yaml:10:5 SCIM_TOKEN_SHARED']],
  ])('refuses %s, at the later tenant', async (_name, tenants, providerToken, expected) => {
    expect(await textDiagnostics(config(ONE_URL, tenants, providerToken), env)).toEqual(expected);
  });

  it('takes tenants whose own tokens are unset when the provider\'s is unset too (a plan job reading a snapshot)', async () => {
    const desired = await loadDesiredFromTexts([{ file: 'c.yaml', text: config(ONE_URL, { a: 'UNSET_A:-', b: 'UNSET_B:-' }, 'UNSET:-') }], env);
    expect(desired.tenants.map((t) => t.credential)).toEqual([undefined, undefined]);
  });

  it('refuses tenants whose unset own tokens would both fall back to the provider\'s', async () => {
    expect(await textDiagnostics(config(ONE_URL, { a: 'UNSET_A:-', b: 'UNSET_B:-' }, 'TOKEN'), env)).toEqual(['c.yaml:10:3 SCIM_TOKEN_SHARED']);
  });

  it('never names a token\'s value, only its variable', async () => {
    const text = config(ONE_URL, { a: 'TOKEN_A', b: 'TOKEN_COPY' });
    try {
      await loadDesiredFromTexts([{ file: 'c.yaml', text }], env);
      expect.unreachable();
    } catch (error) {
      expect(String((error as { diagnostics: { message: string }[] }).diagnostics[0]?.message)).toMatch(/a token of the same value as tenant "a"/);
      expect(JSON.stringify(error)).not.toContain('token-aaaa');
    }
  });

  it('with {tenantId} in the URL, tenants may share a token (the URL tells them apart)', async () => {
    const desired = await loadDesiredFromTexts(
      [{ file: 'c.yaml', text: config('https://scim.example.com/{tenantId}/scim/v2', { a: undefined, b: undefined }, 'TOKEN') }],
      env,
    );
    expect(desired.tenants).toHaveLength(2);
  });
});
