import { describe, expect, it } from 'vitest';
import { descopeBaseUrl } from '../../../src/model/descope-host.js';

const pad = (prefix: string, length = 32) => prefix.padEnd(length, '0');

describe('descopeBaseUrl', () => {
  it.each([
    ['euc1', pad('Peuc1'), 'https://api.euc1.descope.com'],
    ['use1 (mapped like every other region, as the SDKs do)', pad('Puse1'), 'https://api.use1.descope.com'],
    ['a region not listed anywhere', pad('Pxyz9'), 'https://api.xyz9.descope.com'],
    ['an id longer than 32 characters', pad('Paps2', 40), 'https://api.aps2.descope.com'],
    ['a short id', 'P2abc', 'https://api.descope.com'],
    ['31 characters', pad('Peuc1', 31), 'https://api.descope.com'],
  ])('%s', (_name, projectId, expected) => {
    expect(descopeBaseUrl(projectId)).toBe(expected);
  });

  it('an explicit baseUrl wins, without a trailing slash', () => {
    expect(descopeBaseUrl(pad('Peuc1'), 'http://127.0.0.1:4700/')).toBe('http://127.0.0.1:4700');
  });
});
