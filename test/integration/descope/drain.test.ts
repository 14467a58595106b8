import { describe, expect, it } from 'vitest';
import { GroupformError } from '../../../src/errors.js';
import { create, update } from '../../support/changes.js';
import { withProxy, type Answer } from '../../support/proxy.js';
import { rejection } from '../../support/rejection.js';
import { bigUsers, desiredTenant, withEmulator, withProvider } from './helpers.js';

const addU3 = update('Engineering', 'g1', ['U3']);

describe('an interrupted change (drain) finishes the request on the wire and starts nothing more', () => {
  it('a PATCH answered 503 after the interrupt is not retried', async () => {
    await withEmulator({}, async (emulator) => {
      const drain = new AbortController();
      const decide = (line: string): Answer => (line.startsWith('PATCH') ? (drain.abort(), { status: 503 }) : 'forward');
      await withProxy(emulator.url, decide, async (url, seen) => {
        await withProvider({ url }, [desiredTenant('T1')], async (provider) => {
          const error = await rejection(provider.applyChange('T1', addU3, { drain: drain.signal }));
          expect(error.name).toBe('AbortError');
          expect(error.message).toMatch(/^interrupted: PATCH http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Groups\/g1 failed: 503 Service Unavailable.*; not retried$/);
          expect(seen.filter((line) => line.startsWith('PATCH'))).toHaveLength(1);
        });
      });
    });
  });

  it('a create answered after the interrupt adds none of the members a further PATCH would', async () => {
    await withEmulator({}, async (emulator) => {
      const drain = new AbortController();
      const decide = (line: string): Answer => (line === 'POST /scim/v2/Groups' && drain.abort(), 'forward');
      await withProxy(emulator.url, decide, async (url, seen) => {
        await withProvider({ url }, [desiredTenant('BIG')], async (provider) => {
          const ids = bigUsers(150).map((u) => u.userId);
          const error = await rejection(provider.applyChange('BIG', create('Large', ids), { drain: drain.signal }));
          expect(error.message).toMatch(/^interrupted: group "Large" was created \(G\d+\) with the first 100 of its 150 members; not all the others were added$/);
          expect(seen.at(-1)).toBe('POST /scim/v2/Groups');
        });
      });
      const large = emulator.snapshot().tenants.BIG?.groups?.find((g) => g.display === 'Large');
      expect(large?.members).toHaveLength(100);
    });
  });

  it('a create whose answer is lost after the interrupt is not looked up, nor sent again', async () => {
    await withEmulator({}, async (emulator) => {
      const drain = new AbortController();
      const decide = (line: string): Answer => (line === 'POST /scim/v2/Groups' ? (drain.abort(), 'reset') : 'forward');
      await withProxy(emulator.url, decide, async (url, seen) => {
        await withProvider({ url }, [desiredTenant('T1')], async (provider) => {
          const error = await rejection(provider.applyChange('T1', create('Platform', ['U1']), { drain: drain.signal }));
          expect(error.message).toMatch(/^interrupted: POST \S+\/scim\/v2\/Groups failed: connection reset .*; not looked up, so whether group "Platform" was created is known only to the next run$/);
          expect(seen.at(-1)).toBe('POST /scim/v2/Groups');
        });
      });
    });
  });
});

describe('an uncertain create (Descope refuses a second group of a name, so a lost create may be sent again)', () => {
  it('whose lookup finds nothing is sent again on the same run, and the group is made once', async () => {
    await withEmulator({}, async (emulator) => {
      let posts = 0;
      const decide = (line: string): Answer => (line === 'POST /scim/v2/Groups' && ++posts === 1 ? { status: 500 } : 'forward');
      await withProxy(emulator.url, decide, async (url, seen) => {
        await withProvider({ url }, [desiredTenant('T1')], async (provider) => {
          const applied = await provider.applyChange('T1', create('Platform', ['U1']));
          expect(applied.groupId).toMatch(/^G\d+$/);
          // The key check's list, the create, the lookup by name, the create once more.
          expect(seen.filter((line) => line.includes('/scim/'))).toEqual(['GET /scim/v2/Groups', 'POST /scim/v2/Groups', 'GET /scim/v2/Groups', 'POST /scim/v2/Groups']);
        });
      });
      const platform = emulator.snapshot().tenants.T1?.groups?.filter((g) => g.display === 'Platform');
      expect(platform?.map((g) => g.members)).toEqual([['U1']]);
    });
  });

  it('whose answer is lost every time fails as CREATE_UNCERTAIN after three sends, never a fourth', async () => {
    await withEmulator({}, async (emulator) => {
      const decide = (line: string): Answer => (line === 'POST /scim/v2/Groups' ? { status: 500 } : 'forward');
      await withProxy(emulator.url, decide, async (url, seen) => {
        await withProvider({ url }, [desiredTenant('T1')], async (provider) => {
          const error = await rejection(provider.applyChange('T1', create('Platform', ['U1'])));
          expect(error).toBeInstanceOf(GroupformError);
          expect((error as GroupformError).code).toBe('CREATE_UNCERTAIN');
          expect(error.message).toContain('whether group "Platform" was created in tenant T1 is unknown: no such group shows, and it was sent 3 times without an answer. The next run creates or adopts it');
          expect(seen.filter((line) => line === 'POST /scim/v2/Groups')).toHaveLength(3);
        });
      });
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => g.display)).not.toContain('Platform');
    });
  });
});
