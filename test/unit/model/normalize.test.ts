import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupNameKey, loginIdKey } from '../../../src/model/normalize.js';

// The keys fold case after NFC; the shortcut for text that is folded already must never change a key.
const reference = (text: string): string => text.normalize('NFC').toLowerCase();

describe('loginIdKey and groupNameKey', () => {
  it('fold every text as NFC then lower case, ASCII or not', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('ALICE@acme.com', 'Ä', 'A\u0308', '\u212a', 'İ', 'ß', '\ud800'));
    fc.assert(
      fc.property(text, (value) => {
        expect(loginIdKey(value)).toBe(reference(value));
        expect(groupNameKey(value)).toBe(reference(value));
      }),
    );
  });
});
