import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { assertSafeUrl, encodePathSegment } from '../../../src/http/index.js';
import { encodeQuery, joinTarget } from '../../../src/http/url.js';

describe('assertSafeUrl', () => {
  test.each([
    ['https://api.descope.com', 'ok'],
    ['https://scim.eu-west-1.amazonaws.com/T1/scim/v2', 'ok'],
    ['http://127.0.0.1:8080', 'ok'],
    ['http://127.8.9.10/x', 'ok'],
    ['http://localhost:3000', 'ok'],
    ['http://LOCALHOST', 'ok'],
    ['http://[::1]:9000/scim/v2', 'ok'],
    ['http://2130706433/', 'ok'],
    ['http://api.descope.com', 'INSECURE_URL'],
    ['http://10.0.0.1', 'INSECURE_URL'],
    ['http://127.0.0.1.example.com', 'INSECURE_URL'],
    ['http://localhost.evil.com', 'INSECURE_URL'],
    ['http://[::2]', 'INSECURE_URL'],
    ['ftp://example.com', 'INSECURE_URL'],
    ['not a url', 'INVALID_URL'],
    ['', 'INVALID_URL'],
  ])('%s → %s', (url, expected) => {
    if (expected === 'ok') {
      expect(assertSafeUrl(url, 'baseUrl').href).toBe(new URL(url).href);
      return;
    }
    expect(() => assertSafeUrl(url, 'provider.baseUrl')).toThrow(expect.objectContaining({ code: expected, message: expect.stringContaining('provider.baseUrl') }));
  });

  test.each([
    ['credentials', 'https://admin:Pw-s3cr3t-9@scim.example.com/T1'],
    ['credentials in a URL that does not parse', 'https://admin:Pw-s3cr3t-9@scim example.com/T1'],
    ['a user name alone', 'https://Pw-s3cr3t-9@scim.example.com/T1'],
  ])('a baseUrl with %s is refused without showing them', (_name, url) => {
    expect(() => assertSafeUrl(url, 'the baseUrl')).toThrow(expect.objectContaining({ code: 'INVALID_URL' }));
    expect(() => assertSafeUrl(url, 'the baseUrl')).toThrow(expect.not.objectContaining({ message: expect.stringMatching(/s3cr3t|admin/) }));
  });

  test('the insecure message names the host', () => {
    expect(() => assertSafeUrl('http://scim.example.com/T1', 'the SCIM baseUrl')).toThrow(
      'the SCIM baseUrl must use https: plain http is allowed only to loopback, not to scim.example.com',
    );
  });
});

describe('encodeQuery', () => {
  test.each([
    [{ filter: 'displayName eq "a+b c"' }, 'filter=displayName%20eq%20%22a%2Bb%20c%22'],
    [{ startIndex: 1, count: 100, cursor: undefined }, 'startIndex=1&count=100'],
    [{ q: 'a&b=c#d' }, 'q=a%26b%3Dc%23d'],
    [{}, ''],
    [undefined, ''],
  ])('%j → %s', (query, expected) => {
    expect(encodeQuery(query)).toBe(expected);
  });

  test('every value decodes back to itself, whether the server reads + as a space or not', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const encoded = encodeQuery({ v: value });
        expect(new URLSearchParams(encoded).get('v')).toBe(value);
        expect(encoded).not.toContain('+');
      }),
    );
  });
});

describe('joinTarget', () => {
  test.each([
    ['/', '/v1/mgmt/group/all', '', '/v1/mgmt/group/all'],
    ['/T1/scim/v2', '/Groups', 'count=1', '/T1/scim/v2/Groups?count=1'],
    ['/T1/scim/v2/', 'Groups', '', '/T1/scim/v2/Groups'],
    ['/scim/v2', '/Groups/..', '', '/scim/v2/Groups/..'],
    ['/', '/Users?attributes=id', 'count=5', '/Users?attributes=id&count=5'],
    ['/', '', '', '/'],
  ])('%s + %s + %s', (base, path, query, expected) => {
    expect(joinTarget(base, path, query)).toBe(expected);
  });
});

test('encodePathSegment is encodeURIComponent', () => {
  expect(encodePathSegment('a/b?c#d e')).toBe('a%2Fb%3Fc%23d%20e');
  // Dots inside an id, and a literal %2E, are not dot segments.
  expect(encodePathSegment('a..b')).toBe('a..b');
  expect(encodePathSegment('...')).toBe('...');
  expect(encodePathSegment('%2E%2E')).toBe('%252E%252E');
});

// encodeURIComponent leaves dots alone: `..` would climb out of the path it is put in.
test.each(['.', '..', ''])('encodePathSegment refuses the segment %j, which a URL parser or server resolves away', (segment) => {
  expect(() => encodePathSegment(segment, 'group id')).toThrow(
    expect.objectContaining({ code: 'UNSAFE_PATH_SEGMENT', message: `the group id ${JSON.stringify(segment)} cannot be sent in a URL path: it would address another path than its own` }),
  );
});
