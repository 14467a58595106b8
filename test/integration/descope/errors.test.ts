import { describe, expect, it } from 'vitest';
import { GroupformError } from '../../../src/errors.js';
import { Secret } from '../../../src/model/secret.js';
import { MalformedResponseError, NetworkError } from '../../../src/http/index.js';
import { create } from '../../support/changes.js';
import { rejection } from '../../support/rejection.js';
import { closedPort, sendJson, serveThisTest, type Handler } from '../../support/server.js';
import { MANAGEMENT_KEY, SCIM_KEYS, desiredTenant, withEmulator, withProvider } from './helpers.js';

const createPlatform = create('Platform', ['U1']);

/** The one error a failing call raised: a GroupformError whose message carries no credential. */
async function failure(promise: Promise<unknown>, secrets: string[] = [MANAGEMENT_KEY, ...Object.values(SCIM_KEYS), 'mk-wrong', 'sk-wrong']): Promise<GroupformError> {
  const error = await rejection(promise, GroupformError);
  for (const secret of secrets) expect(error.message).not.toContain(secret);
  return error;
}

describe('credentials and reachability', () => {
  it('names a wrong management key or project id, without the key', async () => {
    await withEmulator({}, async (emulator) => {
      const desired = desiredTenant('T1');
      for (const overrides of [{ managementKey: new Secret('mk-wrong', '${DESCOPE_MANAGEMENT_KEY}') }, { projectId: 'P2other' }]) {
        const error = await failure(withProvider(emulator, [desired], (p) => p.loadTenant(desired), overrides));
        expect(error.code).toBe('DESCOPE_MANAGEMENT_UNAUTHORIZED');
        expect(error.message).toMatch(/management key from \$\{DESCOPE_MANAGEMENT_KEY\} or the project id P2\w+ is wrong/);
      }
      // A 401 is not retried.
      expect(emulator.stats().routes['POST /v1/mgmt/group/all']).toBe(2);
    });
  });

  it('asks for the management key when it is absent, before any request', async () => {
    await withEmulator({}, async (emulator) => {
      const desired = desiredTenant('T1');
      const error = await failure(withProvider(emulator, [desired], (p) => p.loadTenant(desired), { managementKey: undefined }));
      expect(error.code).toBe('MANAGEMENT_KEY_MISSING');
      expect(emulator.stats().requests).toBe(0);
    });
  });

  it('names a tenant Descope does not know', async () => {
    await withEmulator({}, async (emulator) => {
      const desired = desiredTenant('T404');
      const error = await failure(withProvider(emulator, [desired], (p) => p.loadTenant(desired)));
      expect(error.code).toBe('TENANT_NOT_FOUND');
      expect(error.message).toContain('tenant T404 does not exist in Descope project P2test');
    });
  });

  it('names a wrong SCIM key and a missing one, with the tenant', async () => {
    await withEmulator({}, async (emulator) => {
      const wrong = desiredTenant('T1', {}, { scimKey: 'sk-wrong' });
      const error = await failure(withProvider(emulator, [wrong], (p) => p.applyChange('T1', createPlatform)));
      expect(error.code).toBe('DESCOPE_SCIM_UNAUTHORIZED');
      expect(error.message).toContain('SCIM key of tenant T1 from ${SCIM_KEY_T1}');

      const missing = desiredTenant('T1', {}, { scimKey: null });
      const absent = await failure(withProvider(emulator, [missing], (p) => p.applyChange('T1', createPlatform)));
      expect(absent.code).toBe('SCIM_KEY_MISSING');
      expect(absent.message).toContain('tenant T1 has no SCIM key');
      expect(absent.message).toContain('tenants.yaml:3:3');
      // The key check before the first write is what Descope refused: no write was attempted.
      expect(emulator.stats().routes).toEqual({ 'GET /scim/v2/Groups': 1 });
      expect(emulator.snapshot().tenants.T1?.groups?.map((g) => g.display)).not.toContain('Platform');
    });
  });

  it('reports an unreachable host as one network error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const desired = desiredTenant('T1');
    const error = await failure(withProvider({ url }, [desired], (p) => p.loadTenant(desired)));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('/v1/mgmt/group/all');
  });
});

describe('responses that cannot be trusted', () => {
  const desired = desiredTenant('T1', { Engineering: ['alice@acme.com', 'bob@acme.com', 'carol@acme.com'] });
  const groups = [{ id: 'g1', display: 'Engineering', members: [{ userId: 'U1', loginId: 'alice@acme.com' }] }];
  const carol = { userId: 'U3', loginIds: ['carol@acme.com'] };
  const bob = { userId: 'U2', loginIds: ['bob@acme.com'] };

  it.each([
    ['plain text instead of groups', 'garbage', undefined],
    ['a {groups} that is not a list', { groups: 'nope' }, undefined],
    ['a group without an id', [{ display: 'X' }], undefined],
    ['a search whose pages never reach the total', groups, { users: [], total: 2 }],
    ['a search that ignored the login id filter', groups, { users: [bob, { userId: 'U9', loginIds: ['mallory@evil.test'] }], total: 2 }],
    ['a search with more users than asked for', groups, { users: [bob, carol], total: 5 }],
    ['a search without a total', groups, { users: [bob, carol] }],
  ])('refuses %s', async (_name, groupAnswer, searchAnswer) => {
    const { url } = await serveThisTest((request, response) => {
      if (request.url === '/v1/mgmt/group/all') {
        if (typeof groupAnswer === 'string') {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end(groupAnswer);
        } else sendJson(response, 200, groupAnswer);
      } else sendJson(response, 200, searchAnswer);
    });
    const error = await failure(withProvider({ url }, [desired], (p) => p.loadTenant(desired)));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.code).toBe('MALFORMED_RESPONSE');
  });

  describe('the SCIM group list read for externalIds', () => {
    const desired = desiredTenant('T1', { Engineering: ['alice@acme.com'] }, { externalIds: { Engineering: 'eng' } });
    const scimGroups = Array.from({ length: 150 }, (_, i) => ({ id: `g${i}`, displayName: `Group ${i}`, ...(i === 0 ? { externalId: 'eng' } : {}) }));

    /** Group g0 with alice; `/scim/v2/Groups` answered by `page(startIndex)`. */
    const serve = (page: (startIndex: number) => unknown, seen: string[]): Handler => (request, response) => {
      const url = new URL(request.url, 'http://x');
      if (url.pathname === '/v1/mgmt/group/all') return sendJson(response, 200, [{ id: 'g0', display: 'Engineering', members: [{ userId: 'U1', loginId: 'alice@acme.com' }] }]);
      if (url.pathname === '/scim/v2/Groups') {
        seen.push(url.search);
        return sendJson(response, 200, page(Number(url.searchParams.get('startIndex'))));
      }
      sendJson(response, 200, { users: [], total: 0 });
    };

    it('reads every page by startIndex, 100 at a time', async () => {
      const seen: string[] = [];
      const pages = (startIndex: number) => ({ totalResults: 150, Resources: scimGroups.slice(startIndex - 1, startIndex + 99) });
      const server = await serveThisTest(serve(pages, seen));
      const live = await withProvider(server, [desired], (p) => p.loadTenant(desired));
      expect(live.groups.map((g) => [g.id, g.externalId])).toEqual([['g0', 'eng']]);
      expect(seen).toEqual(['?count=100&startIndex=1', '?count=100&startIndex=101']);
    });

    it('refuses a list whose pages repeat (a server that ignores startIndex)', async () => {
      const seen: string[] = [];
      const server = await serveThisTest(serve(() => ({ totalResults: 150, Resources: scimGroups.slice(0, 100) }), seen));
      const error = await failure(withProvider(server, [desired], (p) => p.loadTenant(desired)));
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect(seen).toHaveLength(2);
    });
  });

  it('refuses JSON cut short', async () => {
    const server = await serveThisTest((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[{"id": "g1", "display": "Engi');
    });
    const error = await failure(withProvider(server, [desired], (p) => p.loadTenant(desired)));
    expect(error.code).toBe('MALFORMED_RESPONSE');
  });

  it('sends exactly the documented requests: auth header, {tenantId} alone, then the login ids no member shows', async () => {
    const seen: { method: string; url: string; authorization: string | undefined; body: unknown }[] = [];
    const server = await serveThisTest((request, response) => {
      seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body: request.body === '' ? undefined : JSON.parse(request.body) });
      if (request.url === '/v1/mgmt/group/all') sendJson(response, 200, { groups });
      else sendJson(response, 200, { users: [bob, carol], total: 2 });
    });
    await withProvider(server, [desired], (p) => p.loadTenant(desired));
    expect(seen).toEqual([
      { method: 'POST', url: '/v1/mgmt/group/all', authorization: `Bearer P2test:${MANAGEMENT_KEY}`, body: { tenantId: 'T1' } },
      {
        method: 'POST',
        url: '/v2/mgmt/user/search',
        authorization: `Bearer P2test:${MANAGEMENT_KEY}`,
        body: { tenantIds: ['T1'], loginIds: ['bob@acme.com', 'carol@acme.com'], page: 0, limit: 100 },
      },
    ]);
  });
});
