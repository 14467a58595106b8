import { describe, expect, test } from 'vitest';
import { scimClientProfiles } from '../../../src/providers/scim/profiles.js';

const descopeRateLimits = scimClientProfiles.descope.rateLimits;
import { resolveRateLimits } from '../../../src/providers/rate-limits.js';
import { RateGate } from '../../../src/http/throttle.js';

describe('resolveRateLimits', () => {
  test('the documented limits stand when the config sets none', () => {
    expect(resolveRateLimits(descopeRateLimits, {})).toEqual(descopeRateLimits);
  });

  test('maxRequestsPerMinute sets every route (each keeps its own window), rateLimits single routes on top', () => {
    const limits = resolveRateLimits(descopeRateLimits, { maxRequestsPerMinute: 1000, rateLimits: { 'POST /v2/mgmt/user/search': 50, '/v9/*': 7 } });
    const gate = new RateGate(limits);
    expect(gate.bucketFor('POST', '/v1/mgmt/group/all').allowed).toBe(1000);
    expect(gate.bucketFor('POST', '/v1/mgmt/group/all')).not.toBe(gate.bucketFor('POST', '/v1/mgmt/group/members'));
    expect(gate.bucketFor('POST', '/v2/mgmt/user/search').allowed).toBe(50);
    expect(gate.bucketFor('GET', '/v9/anything').allowed).toBe(7);
    expect(gate.bucketFor('GET', '/v1/mgmt/license').allowed).toBe(1000);
  });

  test('Descope: 500 per minute per management read route, 100 for SCIM and the rest', () => {
    const gate = new RateGate(resolveRateLimits(descopeRateLimits, {}));
    expect(gate.bucketFor('POST', '/v1/mgmt/group/all').allowed).toBe(500);
    expect(gate.bucketFor('POST', '/v2/mgmt/user/search').allowed).toBe(500);
    expect(gate.bucketFor('PATCH', '/scim/v2/Groups/g1').allowed).toBe(100);
    expect(gate.bucketFor('GET', '/v1/mgmt/license').allowed).toBe(100);
  });
});
