import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import { create, update } from '../../support/changes.js';
import { withProxy, type Answer } from '../../support/proxy.js';
import { rejection } from '../../support/rejection.js';
import { desiredTenant, scimProvider } from './helpers.js';

const TOKEN = 'scim-drain-token';

const users = Array.from({ length: 250 }, (_, i) => ({ userId: `u${i}`, loginId: `user${i}@x.test` }));

describe('scim: an interrupted change (drain) finishes the request on the wire and starts nothing more', () => {
  it('an update of 250 adds (three PATCHes) stops after the PATCH in flight when the run is interrupted', async () => {
    const emulator = await startEmulator({ seed: { tenants: { T1: { scimKey: TOKEN, users, groups: [{ id: 'g1', display: 'Everyone', members: [] }] } } } });
    const drain = new AbortController();
    // The interrupt arrives while the first PATCH is on the wire; that PATCH still completes.
    const decide = (line: string): Answer => (line.startsWith('PATCH ') && drain.abort(), 'forward');
    try {
      await withProxy(emulator.url, decide, async (url, seen) => {
        const provider = scimProvider(`${url}/{tenantId}/scim/v2`, 'rfc7644', [desiredTenant('T1', {}, { token: TOKEN })]);
        const change = update('Everyone', 'g1', users.map((u) => u.userId));
        const error = await rejection(provider.applyChange('T1', change, { drain: drain.signal }));
        await provider.close();
        expect(error.name).toBe('AbortError');
        expect(error.message).toMatch(/^interrupted: /);
        expect(seen.filter((line) => line.startsWith('PATCH'))).toEqual(['PATCH /T1/scim/v2/Groups/g1']);
      });
      expect(emulator.snapshot().tenants.T1?.groups?.[0]?.members).toHaveLength(100);
    } finally {
      await emulator.close();
    }
  });

  it('a create answered 409 looks the group up by filter, and after the interrupt starts no full listing', async () => {
    const emulator = await startEmulator({ seed: { tenants: { T1: { scimKey: TOKEN, users, groups: [] } } } });
    const drain = new AbortController();
    const lookups: string[] = [];
    const decide = (line: string, _body: string, url: string): Answer => {
      if (line.startsWith('POST ')) return { status: 409, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', detail: 'exists' } };
      if (line.startsWith('GET /T1/scim/v2/Groups')) lookups.push(`GET ${url}`);
      // The interrupt arrives while the lookup by filter is on the wire; it finds nothing (an exact-compare server).
      if (url.includes('filter=')) drain.abort();
      return 'forward';
    };
    try {
      await withProxy(emulator.url, decide, async (url) => {
        const provider = scimProvider(`${url}/{tenantId}/scim/v2`, 'rfc7644', [desiredTenant('T1', {}, { token: TOKEN })]);
        const change = create('Admins');
        await rejection(provider.applyChange('T1', change, { drain: drain.signal }));
        await provider.close();
      });
      expect(lookups).toHaveLength(1);
      expect(lookups[0]).toContain('filter=');
    } finally {
      await emulator.close();
    }
  });
});
