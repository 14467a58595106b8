import { describe, expect, it } from 'vitest';
import { TokenReachCheck } from '../../../src/providers/scim/token-reach.js';
import { desiredGroup, desiredTenant } from '../plan/builders.js';

const tenants = [
  desiredTenant([desiredGroup('Engineering', { previously: ['Eng'] }), desiredGroup('Shared')], { tenantId: 'acme' }),
  desiredTenant([desiredGroup('Support', { externalId: 'sup' }), desiredGroup('Shared')], { tenantId: 'globex' }),
];

describe('TokenReachCheck', () => {
  it.each([
    ['nothing at all (a new tenant)', []],
    ['only groups nobody declares', [{ id: 'x1', name: 'Sales' }]],
    ['one of its own groups beside another tenant\'s', [{ id: 'a1', name: 'eng' }, { id: 'g1', name: 'Support' }]],
    ['a group both tenants declare', [{ id: 's1', name: 'Shared' }]],
  ])('takes a token that reaches %s', (_name, groups) => {
    const check = new TokenReachCheck(tenants);
    check.check('acme', '${ACME}', groups);
    expect(check.isChecked('acme')).toBe(true);
  });

  it('refuses a token reaching only groups another tenant declares (by externalId too)', () => {
    const check = new TokenReachCheck(tenants);
    expect(() => check.check('acme', '${ACME}', [{ id: 'g1', name: 'Help desk', externalId: 'sup' }])).toThrow(
      /groups tenant globex declares \("Help desk"\): the token is likely tenant globex's/,
    );
    expect(check.isChecked('acme')).toBe(false);
  });

  it('refuses the second of two tokens reaching the same groups, naming the first tenant', () => {
    const check = new TokenReachCheck(tenants);
    check.check('acme', '${ACME}', [{ id: 'a1', name: 'Engineering' }]);
    expect(() => check.check('globex', '${GLOBEX}', [{ id: 'a1', name: 'Engineering' }])).toThrow(
      "the token from ${GLOBEX} reaches the groups tenant acme's token reached (a1): both tokens belong to one tenant",
    );
    // The same tenant loaded twice is no conflict.
    expect(() => check.check('acme', '${ACME}', [{ id: 'a1', name: 'Engineering' }])).not.toThrow();
  });
});
