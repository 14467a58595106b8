import fc from 'fast-check';
import { expect, test } from 'vitest';
import { Secret } from '../../../src/model/secret.js';
import { createRedactor } from '../../../src/http/redact.js';

test.each([
  ['Bearer abc123', 'auth: Bearer abc123', 'auth: [redacted]'],
  ['Bearer abc123', 'token abc123 echoed', 'token [redacted] echoed'],
  ['Basic dXNlcjpwYXNz', 'got dXNlcjpwYXNz', 'got [redacted]'],
  ['P2x:mk/key+1', '?k=P2x%3Amk%2Fkey%2B1', '?k=[redacted]'],
  ['   ', 'spaces   stay', 'spaces   stay'],
])('%s in %j', (secret, text, expected) => {
  expect(createRedactor([new Secret(secret, '${S}')])(text)).toBe(expected);
});

// The markers are blanked before checking, since a secret like `act` is part of `[redacted]` itself; brackets
// and NUL are left out of secrets so a marker cannot combine with a secret's own characters.
test('no secret survives redaction, whatever surrounds it', () => {
  const secrets = fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !/[[\]\0]/.test(s));
  fc.assert(
    fc.property(secrets, fc.string(), fc.string(), (secret, before, after) => {
      const redact = createRedactor([new Secret(secret, '${S}')]);
      expect(redact(`${before}${secret}${after}`).replaceAll('[redacted]', '\0')).not.toContain(secret);
    }),
    { numRuns: 500 },
  );
});
