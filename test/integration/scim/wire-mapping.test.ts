// Pure pieces of the SCIM provider (no HTTP); kept beside its integration tests, which this directory owns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editedMembers, planPatchRequests } from '../../../src/providers/scim/mapping.js';
import { narrowProfile, scimClientProfiles } from '../../../src/providers/scim/profiles.js';
import { describeScimError, eqFilter, parseLenientInteger, readListPage, readServiceProviderConfig } from '../../../src/providers/scim/wire.js';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('wire', () => {
  it.each([
    [5, 5],
    ['5', 5],
    [' 12 ', 12],
    [0, 0],
    ['-1', undefined],
    [1.5, undefined],
    ['abc', undefined],
    [null, undefined],
  ])('parses %j leniently as %j', (raw, expected) => {
    expect(parseLenientInteger(raw)).toBe(expected);
  });

  it('reads a ListResponse with string numbers, odd casing, no Resources, and a cursor', () => {
    expect(readListPage({ totalResults: '3', Resources: [{ id: 'a' }] }, 'x')).toEqual({ resources: [{ id: 'a' }], totalResults: 3 });
    expect(readListPage({ totalresults: 0, resources: [] }, 'x')).toEqual({ resources: [], totalResults: 0 });
    expect(readListPage({ totalResults: 0 }, 'x')).toEqual({ resources: [], totalResults: 0 });
    expect(readListPage({ itemsPerPage: 1, Resources: [{}], nextCursor: 'c2' }, 'x')).toEqual({ resources: [{}], nextCursor: 'c2' });
    expect(() => readListPage([], 'GET /Groups')).toThrow(/GET \/Groups: expected a SCIM ListResponse/);
  });

  it.each([
    ['RFC 7644', { schemas: [ERROR], status: '409', scimType: 'uniqueness', detail: 'taken' }, { code: 'uniqueness', message: 'taken' }],
    ['AWS', { schema: [ERROR], schemas: [ERROR], status: '400', detail: 'bad filter', exceptionRequestId: 'r1' }, { message: 'bad filter' }],
    ['Huawei', { schema: ERROR, schemas: [ERROR], status: 404, detail: 'no group', timeStamp: 't' }, { message: 'no group' }],
    ['Huawei gateway', { error_code: 'APIGW.0101', error_msg: 'The API does not exist' }, { code: 'APIGW.0101', message: 'The API does not exist' }],
    ['plain text', 'Service Unavailable', { message: 'Service Unavailable' }],
    ['empty', undefined, {}],
  ])('reads a %s error body', (_name, body, expected) => {
    expect(describeScimError(400, body)).toEqual(expected);
  });

  it('escapes filter values as JSON strings', () => {
    expect(eqFilter('userName', 'a"b\\c+d é')).toBe('userName eq "a\\"b\\\\c+d é"');
  });

  it('narrows a profile by ServiceProviderConfig, never widens it', () => {
    const facts = readServiceProviderConfig({ patch: { supported: 'false' }, filter: { supported: true, maxResults: '20' } });
    expect(facts).toEqual({ patchSupported: false, filterMaxResults: 20 });
    expect(narrowProfile(scimClientProfiles.rfc7644, facts)).toMatchObject({ pageSize: 20, writeStyle: 'put' });
    // Huawei has no group PUT: a server saying "no PATCH" still gets PATCH.
    expect(narrowProfile(scimClientProfiles.huawei, facts)).toMatchObject({ pageSize: 20, writeStyle: 'patch' });
    expect(narrowProfile(scimClientProfiles.aws, { filterMaxResults: 500 })).toMatchObject({ pageSize: 100, writeStyle: 'patch' });
    expect(narrowProfile(scimClientProfiles.huawei, undefined)).toMatchObject({ pageSize: 50, writeStyle: 'patch' });
  });

  it('sends If-Match with a shown version unless ServiceProviderConfig says ETags are unsupported', () => {
    expect(readServiceProviderConfig({ etag: { supported: 'false' } })).toEqual({ etagSupported: false });
    expect(narrowProfile(scimClientProfiles.rfc7644, { etagSupported: false }).ifMatch).toBe(false);
    expect(narrowProfile(scimClientProfiles.rfc7644, { etagSupported: true }).ifMatch).toBe(true);
    expect(narrowProfile(scimClientProfiles.rfc7644, undefined).ifMatch).toBe(true);
  });
});

describe('planPatchRequests', () => {
  const ids = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 260 });

  it('keeps every request within the cap, every change once and in order, attributes first', () => {
    fc.assert(
      fc.property(ids, ids, fc.integer({ min: 1, max: 120 }), fc.boolean(), (add, remove, cap, rename) => {
        const requests = planPatchRequests(rename ? { displayName: 'New' } : {}, add, remove, cap);
        const ops = requests.flat();
        const count = (r: typeof ops) =>
          r.reduce((n, op) => n + (op.path === 'members' ? (op.value as unknown[]).length : op.path.startsWith('members[') ? 1 : 0), 0);
        for (const request of requests) {
          expect(request.length).toBeGreaterThan(0);
          expect(count(request)).toBeLessThanOrEqual(cap);
        }
        const added = ops.filter((op) => op.op === 'add').flatMap((op) => (op.value as { value: string }[]).map((m) => m.value));
        const removed = ops.filter((op) => op.op === 'remove').map((op) => JSON.parse(/^members\[value eq (.*)\]$/.exec(op.path)![1]!) as string);
        expect(added).toEqual(add);
        expect(removed).toEqual(remove);
        expect(ops.some((op) => op.op === 'replace' && op.path === 'members')).toBe(false);
        if (rename) expect(requests[0]![0]).toEqual({ op: 'replace', path: 'displayName', value: 'New' });
        expect(requests.length).toBe(Math.max(rename ? 1 : 0, Math.ceil((add.length + remove.length) / cap)));
      }),
    );
  });
});

describe('editedMembers', () => {
  it.each([
    [['U1', 'U2'], ['U3'], ['U1'], ['U2', 'U3']],
    [['U1'], ['U1'], [], ['U1']],
    [[], ['U2', 'U1'], [], ['U2', 'U1']],
    [['U1'], ['U2'], ['U2'], ['U1']],
  ])('%j + %j - %j = %j', (current, add, remove, expected) => {
    expect(editedMembers(current, { add, remove })).toEqual(expected);
  });
});
