import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length, writeUtf8 } from './utf8.js';

/** Strings of ASCII and arbitrary UTF-16 code units (lone surrogates included), up to 80 long. */
const text = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 80 })
  .map((units) => String.fromCharCode(...units));

describe('utf8 helpers', () => {
  it('agree with Buffer for ASCII, non-ASCII, surrogate pairs and long strings', () => {
    fc.assert(
      fc.property(text, (s) => {
        const n = utf8Length(s);
        expect(n).toBe(Buffer.byteLength(s, 'utf8'));
        const buf = Buffer.alloc(n + 2);
        expect(writeUtf8(buf, 1, s, n)).toBe(n + 1);
        expect(buf.subarray(1, n + 1).equals(Buffer.from(s, 'utf8'))).toBe(true);
      }),
    );
    for (const s of ['', 'é', '😀', 'a'.repeat(65), `${'a'.repeat(70)}é`])
      expect(utf8Length(s)).toBe(Buffer.byteLength(s));
  });
});
