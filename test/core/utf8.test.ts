import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeUtf8Js } from '../../src/core/utf8.ts';

// The reference is the platform's own decoder, as the analyzer uses it: UTF-8, not fatal, BOM kept.
const reference = new TextDecoder('utf-8', { ignoreBOM: true });
const bytes = (...b: number[]) => Uint8Array.from(b);

describe('decodeUtf8Js', () => {
  test.each([
    { name: 'ASCII', input: new TextEncoder().encode('{"Operation":"MailItemsAccessed"}') },
    { name: 'Latin-1 range and beyond', input: new TextEncoder().encode('\\Boîte de réception – 受信トレイ 📬') },
    { name: 'a byte order mark is kept', input: bytes(0xef, 0xbb, 0xbf, 0x41) },
    { name: 'a cut sequence at the end', input: bytes(0x41, 0xe2, 0x82) },
    { name: 'a cut sequence before ASCII', input: bytes(0xe2, 0x82, 0x41) },
    { name: 'overlong and surrogate encodings', input: bytes(0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x41) },
    { name: 'beyond U+10FFFF', input: bytes(0xf4, 0x90, 0x80, 0x80) },
    { name: 'lone continuation bytes', input: bytes(0x80, 0xbf, 0x41) },
    { name: 'longer than one String.fromCharCode call', input: new TextEncoder().encode('é'.repeat(20_000)) },
  ])('$name: as TextDecoder', ({ input }) => {
    expect(decodeUtf8Js(input)).toBe(reference.decode(input));
  });

  test('any bytes decode as TextDecoder decodes them', () => {
    // Bytes biased towards the interesting ones: lead bytes, continuation bytes, the bounds between them.
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 64 }), (b) => decodeUtf8Js(Uint8Array.from(b)) === reference.decode(Uint8Array.from(b))),
      { numRuns: 5000 },
    );
  });

  test('any well-formed text survives encoding and decoding', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => decodeUtf8Js(new TextEncoder().encode(text)) === text));
  });

  // The string is built 8,192 code units per call; longer records, a short one after them (the code units are
  // kept between calls), and a supplementary character cut by a call's edge must come out whole.
  test('records longer than one String.fromCharCode call, and a short one after them', () => {
    for (const text of ['a'.repeat(8191) + '😀' + 'é'.repeat(9000), 'x'.repeat(20_000), 'short', 'é']) {
      expect(decodeUtf8Js(new TextEncoder().encode(text))).toBe(text);
    }
  });
});
