import { describe, expect, test } from 'vitest';
import { describeCommonError, MalformedResponseError } from '../../../src/http/index.js';
import { parseBody } from '../../../src/http/body.js';

describe('parseBody', () => {
  test.each([
    ['', 'application/json', undefined],
    ['  \n', undefined, undefined],
    ['{"a":1}', 'application/scim+json; charset=utf-8', { a: 1 }],
    ['[1]', 'text/plain', [1]],
    ['OK', 'text/plain', 'OK'],
  ])('%j (%s)', (text, contentType, expected) => {
    expect(parseBody(text, contentType, 'x')).toEqual(expected);
  });

  test.each([
    ['{"a":', 'application/json', 'it ends early'],
    ['<html>', 'application/json', 'a syntax error'],
    ['{oops}', 'text/html', 'a syntax error'],
  ])('%j (%s) is malformed: %s', (text, contentType, reason) => {
    expect(() => parseBody(text, contentType, 'the 200 response to GET https://h/x')).toThrow(
      new MalformedResponseError(`the 200 response to GET https://h/x is not valid JSON (${contentType}, ${text.length} characters; ${reason})`),
    );
  });
});

test.each([
  [{ errorCode: 'E112102', errorDescription: 'User not found', errorMessage: 'no such user' }, { code: 'E112102', message: 'User not found - no such user' }],
  [{ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness', detail: 'exists' }, { code: 'uniqueness', message: 'exists' }],
  [{ schema: 'x', status: 404, detail: 'group not found' }, { message: 'group not found' }],
  [{ error: { message: 'nested' } }, { message: 'nested' }],
  ['Service Unavailable', { message: 'Service Unavailable' }],
  ['<html><body>bad gateway</body></html>', {}],
  [undefined, {}],
])('describeCommonError(%j)', (body, expected) => {
  expect(describeCommonError(500, body)).toEqual(expected);
});
