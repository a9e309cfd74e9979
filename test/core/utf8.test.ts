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
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 300, size: 'max' }), (b) => decodeUtf8Js(Uint8Array.from(b)) === reference.decode(Uint8Array.from(b))),
      { numRuns: 5000 },
    );
  });

  test('any well-formed text survives encoding and decoding', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200, size: 'max' }), (text) => decodeUtf8Js(new TextEncoder().encode(text)) === text));
  });

  // The string is built 64 code units per String.fromCharCode call: a supplementary character (two code
  // units) or a broken sequence at every position around a run's edge, long records, and a short one after
  // them (the code units are kept between calls) must come out as TextDecoder gives them.
  test("every position around the runs' edges, records of many runs, and a short one after them", () => {
    const cuts = ['😀', 'é', '€', '\u{10FFFF}'].map((c) => new TextEncoder().encode(c));
    const broken = [[0xf0, 0x9f, 0x98], [0xe2, 0x82], [0xc3], [0x80], [0xed, 0xa0, 0x80]];
    for (let prefix = 0; prefix <= 200; prefix++) {
      for (const insert of [...cuts, ...broken.map((b) => Uint8Array.from(b))]) {
        const bytes = Uint8Array.from([...new Uint8Array(prefix).fill(0x61), ...insert, 0x62, ...insert]);
        expect([prefix, decodeUtf8Js(bytes)]).toEqual([prefix, reference.decode(bytes)]);
      }
    }
    for (const text of ['a'.repeat(8191) + '😀' + 'é'.repeat(9000), 'x'.repeat(20_000), 'short', 'é', '']) {
      expect(decodeUtf8Js(new TextEncoder().encode(text))).toBe(text);
    }
  });
});
