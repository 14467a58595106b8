import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import { GroupformError } from '../../../src/errors.js';
import { create, update } from '../../support/changes.js';
import { withProxy, type Answer } from '../../support/proxy.js';
import { rejection } from '../../support/rejection.js';
import { desiredTenant, scimProvider } from './helpers.js';

// The SCIM provider and Descope share one group writer: what Descope's side did, the SCIM side does now.
const TOKEN = 'scim-writer-token';
const users = [{ userId: 'u1', loginId: 'a@x.test' }, { userId: 'u2', loginId: 'b@x.test' }];
const scimError = (status: number) => ({ status, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail: 'refused' } });

async function withTenant(groups: { id: string; display: string; members: string[]; externalId?: string }[], decide: (line: string, body: string) => Answer, run: (provider: ReturnType<typeof scimProvider>) => Promise<void>) {
  const emulator = await startEmulator({ seed: { tenants: { T1: { scimKey: TOKEN, users, groups } } }, filterCase: 'exact' });
  try {
    await withProxy(emulator.url, decide, async (url) => {
      const provider = scimProvider(`${url}/{tenantId}/scim/v2`, 'rfc7644', [desiredTenant('T1', {}, { token: TOKEN })]);
      try {
        await run(provider);
      } finally {
        await provider.close();
      }
    });
    return emulator.snapshot().tenants.T1?.groups ?? [];
  } finally {
    await emulator.close();
  }
}

describe('scim: the one group writer', () => {
  it('after a 409 with no group of the name (a duplicate externalId), adopts the group holding the externalId', async () => {
    const groups = [{ id: 'g1', display: 'Old Platform', externalId: 'platform', members: ['u2'] }];
    const after = await withTenant(groups, (line) => (line.startsWith('POST ') ? scimError(409) : 'forward'), async (provider) => {
      expect(await provider.applyChange('T1', create('Platform', ['u1'], 'platform'))).toEqual({ groupId: 'g1', adopted: true });
    });
    expect(after).toMatchObject([{ id: 'g1', display: 'Platform', externalId: 'platform', members: ['u2', 'u1'] }]);
  });

  it('refuses to adopt after a 409 when several groups share the name apart from case (AMBIGUOUS_GROUP)', async () => {
    const groups = [{ id: 'g1', display: 'ADMINS', members: [] }, { id: 'g2', display: 'admins', members: [] }];
    const after = await withTenant(groups, (line) => (line.startsWith('POST ') ? scimError(409) : 'forward'), async (provider) => {
      const error = await rejection(provider.applyChange('T1', create('Admins', ['u1'])), GroupformError);
      expect(error.code).toBe('AMBIGUOUS_GROUP');
    });
    expect(after.map((g) => g.members)).toEqual([[], []]);
  });

  it('a 409 with no group to adopt is CREATE_CONFLICT, the code Descope uses too', async () => {
    await withTenant([], (line) => (line.startsWith('POST ') ? scimError(409) : 'forward'), async (provider) => {
      expect((await rejection(provider.applyChange('T1', create('Admins')), GroupformError)).code).toBe('CREATE_CONFLICT');
    });
  });

  it('a PATCH refused with 405 switches the tenant to PUT, for this change and the next', async () => {
    const groups = [{ id: 'g1', display: 'Eng', members: ['u1'] }, { id: 'g2', display: 'Ops', members: [] }];
    const patches: string[] = [];
    const decide = (line: string): Answer => (line.startsWith('PATCH ') ? (patches.push(line), scimError(405)) : 'forward');
    const after = await withTenant(groups, decide, async (provider) => {
      await provider.applyChange('T1', update('Eng', 'g1', ['u2'], ['u1']));
      await provider.applyChange('T1', update('Ops', 'g2', ['u1']));
    });
    expect(patches).toEqual(['PATCH /T1/scim/v2/Groups/g1']);
    expect(after.map((g) => [g.display, g.members])).toEqual([['Eng', ['u2']], ['Ops', ['u1']]]);
  });

  it('a PATCH refused with 400 for replacing an attribute sends that change by PUT', async () => {
    const groups = [{ id: 'g1', display: 'Eng', members: ['u1'] }];
    const decide = (line: string, body: string): Answer => (line.startsWith('PATCH ') && body.includes('"replace"') ? scimError(400) : 'forward');
    const after = await withTenant(groups, decide, async (provider) => {
      await provider.applyChange('T1', { ...update('Engineering', 'g1', ['u2'], [], 'Eng'), externalId: 'eng' });
    });
    expect(after).toMatchObject([{ display: 'Engineering', externalId: 'eng', members: ['u1', 'u2'] }]);
  });

  it('a group gone at write time is GROUP_NOT_FOUND on both providers', async () => {
    const decide = (line: string): Answer => (line.startsWith('PATCH ') ? scimError(501) : 'forward');
    await withTenant([], decide, async (provider) => {
      expect((await rejection(provider.applyChange('T1', update('Eng', 'g9', ['u1'])), GroupformError)).code).toBe('GROUP_NOT_FOUND');
    });
  });
});
