import { describe, expect, it } from 'vitest';
import { GroupformError } from '../../../src/errors.js';
import { remove } from '../../support/changes.js';
import { rejection } from '../../support/rejection.js';
import { desiredTenant, seed as descopeSeed, withEmulator, withProvider } from '../descope/helpers.js';
import { descopeConfig, e2eEnv, e2eSeed, groupform, startScenario } from './fixtures.js';

describe('descope: a PATCH refused with 400 for one operation kind (--descope-scim-refuse-replace externalId)', () => {
  it('falls back to PUT for that change only, and converges', async () => {
    const config = descopeConfig('  T1:\n    scimKey: ${T1_SCIM_KEY:-}\n    groups:\n      Eng:\n        externalId: eng\n        members: [alice@acme.com, bob@acme.com]\n');
    const { emulator, dir } = await startScenario(e2eSeed(), config, { descopeScimRefuseReplace: ['externalId'] });
    const env = e2eEnv(emulator.url);
    const apply = await groupform(['apply', '--auto-approve'], dir, env);
    expect(apply.status, apply.stdout + apply.stderr).toBe(0);
    const routes = emulator.stats().routeStatuses;
    expect(routes['PATCH /scim/v2/Groups/{id}']?.['400']).toBe(1);
    expect(routes['PUT /scim/v2/Groups/{id}']?.['200']).toBe(1);
    const eng = emulator.snapshot().tenants.T1?.groups?.find((g) => g.id === 'g1');
    expect(eng).toMatchObject({ display: 'Eng', externalId: 'eng' });
    expect([...(eng?.members ?? [])].sort()).toEqual(['U1', 'U2']);
    const again = await groupform(['plan', '--detailed-exitcode'], dir, env);
    expect(again.status, again.stdout + again.stderr).toBe(0);
  });
});

describe('descope: a DELETE answered 404 for a group of another SSO configuration', () => {
  it('is not counted as done while the management API still lists the group', async () => {
    // T1's key is the default configuration's: it sees g1 (so it is verified), never okta's g9.
    const seed = descopeSeed();
    seed.tenants.T1?.groups?.push({ id: 'g9', display: 'Okta Eng', members: [], ssoId: 'okta' });
    await withEmulator({ seed }, async (emulator) => {
      const t1 = desiredTenant('T1');
      await withProvider(emulator, [t1], async (provider) => {
        await provider.loadTenant(t1);
        const error = await rejection(provider.applyChange('T1', remove('Okta Eng', 'g9')));
        expect((error as GroupformError).code).toBe('GROUP_NOT_DELETED');
        expect(error.message).toContain('set the tenant\'s ssoId');
      });
      expect(emulator.snapshot().tenants.T1?.groups?.some((g) => g.id === 'g9')).toBe(true);
    });
  });
});
