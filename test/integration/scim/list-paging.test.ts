import { afterEach, describe, expect, it } from 'vitest';
import type { ScimProfileName } from '../../../src/model/types.js';
import { GroupformError } from '../../../src/errors.js';
import { MalformedResponseError, RequestLimiter } from '../../../src/http/index.js';
import { ScimTenantClient, type ListOptions } from '../../../src/providers/scim/client.js';
import { scimClientProfiles } from '../../../src/providers/scim/profiles.js';
import { Secret } from '../../../src/model/secret.js';
import { rejection } from '../../support/rejection.js';
import { sendJson, startServer, type Seen, type TestServer } from '../../support/server.js';
import { desiredTenant, scimProvider } from './helpers.js';

// Past this many requests the stub refuses with 400, so a client that loops fails with an HttpError instead
// of hanging the test: the bound is the stub's request count, never a clock.
const REQUEST_LIMIT = 20;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A stub SCIM server: no ServiceProviderConfig, every other GET answered by `page(request number)`. */
async function startStub(page: (index: number, request: Seen) => unknown): Promise<TestServer> {
  let listed = 0;
  server = await startServer((request, res) => {
    if (request.url.includes('ServiceProviderConfig')) return sendJson(res, 404, { status: '404' });
    if (listed >= REQUEST_LIMIT) return sendJson(res, 400, { status: '400', detail: 'stub request limit reached' });
    sendJson(res, 200, page(listed++, request), { 'content-type': 'application/scim+json' });
  });
  return server;
}

function listRequests(stub: TestServer): Seen[] {
  return stub.seen.filter((s) => !s.url.includes('ServiceProviderConfig'));
}

function tenantClient(stub: TestServer, profile: ScimProfileName): ScimTenantClient {
  return new ScimTenantClient('T1', `${stub.url}/T1/scim/v2`, new Secret('tok-123456', '${SCIM_TOKEN}'), scimClientProfiles[profile], {}, {
    limiter: new RequestLimiter(2),
  });
}

async function listWith(stub: TestServer, profile: ScimProfileName, options: Partial<ListOptions> = {}) {
  const client = tenantClient(stub, profile);
  try {
    return await client.list('Groups', { pageSize: 100, paging: scimClientProfiles[profile].paging, ...options });
  } finally {
    await client.close();
  }
}

const malformedFrom = (promise: Promise<unknown>) => rejection(promise, MalformedResponseError);

describe('SCIM list paging ends on a server that would make it loop', () => {
  it.each([
    ['aws', { Resources: [{ displayName: 'A' }], nextCursor: 'c' }],
    ['rfc7644', { Resources: [{ displayName: 'A' }], totalResults: 1_000_000 }],
    ['huawei', { Resources: [{ displayName: 'A' }], totalResults: 1_000_000 }],
  ] as const)('%s: a listed group without an id is one MalformedResponseError naming the URL, after one list request', async (profile, body) => {
    const stub = await startStub(() => body);
    const tenant = desiredTenant('T1', { A: { members: [] } }, { token: 'tok-123456' });
    const provider = scimProvider(`${stub.url}/{tenantId}/scim/v2`, profile, [tenant]);
    try {
      const error = await malformedFrom(provider.loadTenant(tenant));
      expect(error.message).toContain(`GET ${stub.url}/T1/scim/v2/Groups?`);
      expect(error.message).toContain('with no id');
    } finally {
      await provider.close();
    }
    expect(listRequests(stub)).toHaveLength(1);
  });

  it('a nextCursor given twice is a MalformedResponseError on the page that repeats it', async () => {
    const stub = await startStub((i) => ({ Resources: [{ id: `g${i}`, displayName: `G${i}` }], nextCursor: 'same' }));
    const error = await malformedFrom(listWith(stub, 'aws'));
    expect(error.message).toContain('nextCursor it had given before');
    expect(listRequests(stub).map((s) => new URL(s.url, stub.url).searchParams.get('cursor'))).toEqual(['', 'same']);
  });

  it('a cursor page of only already-listed groups is a MalformedResponseError', async () => {
    const stub = await startStub((i) => ({ Resources: [{ id: 'g1', displayName: 'G1' }], nextCursor: `c${i}` }));
    const error = await malformedFrom(listWith(stub, 'aws'));
    expect(error.message).toContain('only resources already listed');
    expect(listRequests(stub)).toHaveLength(2);
  });

  it('fresh groups and cursors without end stop at the page cap (1,000,000 resources worth of pages) with PAGING_RUNAWAY', async () => {
    const stub = await startStub((i) => ({ Resources: [{ id: `g${i}`, displayName: `G${i}` }], nextCursor: `c${i}` }));
    // At 500,000 per page the cap is ceil(1,000,000 / 500,000) + 1 = 3 pages.
    const error = await rejection(listWith(stub, 'aws', { pageSize: 500_000 }), GroupformError);
    expect(error.code).toBe('PAGING_RUNAWAY');
    expect(error.message).toContain('still more pages after 3 requests of up to 500000 (3 resources so far)');
    expect(listRequests(stub)).toHaveLength(3);
  });

  it('a cursor that goes on past the totalResults its pages claim is PAGING_RUNAWAY at once', async () => {
    const stub = await startStub((i) => ({ Resources: [{ id: `g${i}`, displayName: `G${i}` }], totalResults: 2, nextCursor: `c${i}` }));
    const error = await rejection(listWith(stub, 'rfc7644', { paging: 'cursor', pageSize: 1 }), GroupformError);
    expect(error.code).toBe('PAGING_RUNAWAY');
    expect(error.message).toContain('offers more pages after 3 resources, while its totalResults claims 2');
    expect(listRequests(stub)).toHaveLength(3);
  });

  it('a per-list request limit (provider.http.maxPagesPerList) ends the list before the resource cap', async () => {
    const stub = await startStub((i) => ({ Resources: [{ id: `g${i}`, displayName: `G${i}` }], nextCursor: `c${i}` }));
    const error = await rejection(listWith(stub, 'aws', { pageSize: 1, runawayPages: 5 }), GroupformError);
    expect(error.code).toBe('PAGING_RUNAWAY');
    expect(listRequests(stub)).toHaveLength(5);
  });

  it('reads ids whatever their case, as SCIM attribute names are case-insensitive', async () => {
    const stub = await startStub((i) =>
      i === 0
        ? { Resources: [{ ID: 'g1', displayName: 'A' }, { Id: 'g2', displayName: 'B' }], totalResults: 3 }
        : { Resources: [{ id: 'g3', displayName: 'C' }], totalResults: 3 },
    );
    const listed = await listWith(stub, 'rfc7644', { pageSize: 2 });
    expect(listed).toEqual({
      resources: [{ ID: 'g1', displayName: 'A' }, { Id: 'g2', displayName: 'B' }, { id: 'g3', displayName: 'C' }],
      complete: true,
    });
    expect(listRequests(stub).map((s) => new URL(s.url, stub.url).searchParams.get('startIndex'))).toEqual(['1', '3']);
  });

  it('a server that ignores startIndex still gives an incomplete list after two pages, for the caller to judge', async () => {
    // Upper-case `ID`: the repeat is seen only when the id is read case-insensitively.
    const stub = await startStub(() => ({ Resources: [{ ID: 'g1', displayName: 'A' }, { ID: 'g2', displayName: 'B' }], totalResults: 5 }));
    const listed = await listWith(stub, 'rfc7644', { pageSize: 2 });
    expect(listed.complete).toBe(false);
    expect(listed.resources).toHaveLength(2);
    expect(listRequests(stub)).toHaveLength(2);
  });
});

describe('the run context', () => {
  it("the run's retry override applies to SCIM requests", async () => {
    server = await startServer((_request, res) => sendJson(res, 503, { status: '503' }));
    const context = { limiter: new RequestLimiter(2), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } };
    const client = new ScimTenantClient('T1', `${server.url}/T1/scim/v2`, new Secret('tok-123456', '${SCIM_TOKEN}'), scimClientProfiles.rfc7644, {}, context);
    try {
      await expect(client.get('/Groups/g1')).rejects.toMatchObject({ status: 503 });
      expect(server.seen.map((s) => s.url)).toEqual(['/T1/scim/v2/Groups/g1', '/T1/scim/v2/Groups/g1']);
    } finally {
      await client.close();
    }
  });
});
