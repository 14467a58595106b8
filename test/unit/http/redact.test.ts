import fc from 'fast-check';
import { expect, test } from 'vitest';
import { Secret } from '../../../src/model/secret.js';
import { createRedactor, SECRET_PIECE } from '../../../src/http/redact.js';

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

test('a piece of a key, cut by a server or half escaped, is redacted too', () => {
  const redact = createRedactor([new Secret('Bearer P2proj:mk-0123456789abcdef', '${K}')], [new Secret('mk-0123456789abcdef', '${K}')]);
  expect(redact('echo: Bearer P2proj:mk-012345678')).toBe('echo: Bearer P2proj:[redacted]');
  expect(redact('{"k":"mk-0123\\u0034567 89abcdef"}')).toBe('{"k":"mk-0123\\u0034567 [redacted]"}');
  // The project id alone is not secret.
  expect(redact('project P2proj:')).toBe('project P2proj:');
});

test('no piece of SECRET_PIECE characters of a key survives, whatever cut of it is echoed', () => {
  const key = 'mk-0123456789abcdef';
  const redact = createRedactor([new Secret(key, '${K}')]);
  fc.assert(
    fc.property(fc.nat(key.length), fc.nat(key.length), fc.string(), fc.string(), (a, b, before, after) => {
      const cut = key.slice(Math.min(a, b), Math.max(a, b));
      const shown = redact(`${before}${cut}${after}`).replaceAll('[redacted]', '\0');
      for (let i = 0; i + SECRET_PIECE <= key.length; i += 1) expect(shown).not.toContain(key.slice(i, i + SECRET_PIECE));
    }),
    { numRuns: 300 },
  );
});
