import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { asciiBytes, byteSearch, countByte, scalarSearch } from '../../src/core/bytes.ts';
import { filterPositions, simdSearch, stagingBytes } from '../../src/core/simd-search.ts';
import { SIMD_SEARCH_WASM } from '../../src/core/simd-search-wasm.ts';
import { compileSimdSearch } from '../../src/cli/build-wasm.ts';

// The reference: try every position, comparing byte by byte (letters folded to lower case when asked).
const lower = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
function naive(haystack: Uint8Array, needle: Uint8Array, from: number, to: number, ignoreCase: boolean): number {
  const same = (a: number, b: number) => (ignoreCase ? lower(a) === lower(b) : a === b);
  outer: for (let i = Math.max(0, from); i + needle.length <= to; i++) {
    for (let k = 0; k < needle.length; k++) if (!same(haystack[i + k], needle[k])) continue outer;
    return i;
  }
  return -1;
}

// Where a haystack can live: a plain array (the WebAssembly search copies it in windows), inside the search's
// own memory (searched in place, bytes past its end left as they were), or handed to the JavaScript search.
const staged = stagingBytes(64 * 1024);
const implementations = [
  { name: 'WebAssembly, copied', search: byteSearch, place: (bytes: Uint8Array) => bytes },
  {
    name: 'WebAssembly, in place',
    search: byteSearch,
    place: (bytes: Uint8Array) => {
      staged.fill(0x41); // whatever follows the haystack must not be found
      staged.set(bytes, staged.length - bytes.length);
      return staged.subarray(staged.length - bytes.length);
    },
  },
  { name: 'JavaScript', search: scalarSearch, place: (bytes: Uint8Array) => bytes },
];

describe.each(implementations)('byteSearch: $name', ({ search, place }) => {
  const graph = asciiBytes('00000003-0000-0000-c000-000000000000');
  test.each([
    { name: 'finds the needle', haystack: '"AppId":"00000003-0000-0000-c000-000000000000"', ignoreAsciiCase: false, expected: 9 },
    { name: 'case matters by default', haystack: '"AppId":"00000003-0000-0000-C000-000000000000"', ignoreAsciiCase: false, expected: -1 },
    { name: 'ignoring case finds the upper-case spelling', haystack: '"AppId":"00000003-0000-0000-C000-000000000000"', ignoreAsciiCase: true, expected: 9 },
    {
      name: 'ignoring case does not fold bytes other than letters',
      haystack: '"AppId":"\u0010\u0010000003-0000-0000-c000-000000000000"',
      ignoreAsciiCase: true,
      expected: -1,
    },
    {
      name: 'a needle cut by the end of the haystack is not found',
      haystack: '"AppId":"00000003-0000-0000-c000-0000000000',
      ignoreAsciiCase: true,
      expected: -1,
    },
  ])('$name', ({ haystack, ignoreAsciiCase, expected }) => {
    expect(search(graph, { ignoreAsciiCase })(place(asciiBytes(haystack)), 0)).toBe(expected);
  });

  test('agrees with trying every position, with and without case, from any start, up to any end', () => {
    const alphabet = fc.constantFrom(0x41, 0x61, 0x42, 0x62, 0x2d, 0x30, 0x10, 0x5b, 0x7b); // A a B b - 0 DLE [ {
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 700 }),
        fc.array(alphabet, { minLength: 1, maxLength: 70 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (hay, nd, start, stop, ignoreAsciiCase) => {
          const haystack = place(Uint8Array.from(hay));
          const needle = Uint8Array.from(nd);
          // Most needles are cut from the haystack, so that there is something to find.
          if (hay.length > 0 && start % 3) needle.set(hay.slice(start % hay.length, (start % hay.length) + needle.length).slice(0, needle.length));
          const to = stop % (haystack.length + 1);
          const from = start % (to + 1);
          return search(needle, { ignoreAsciiCase })(haystack, from, to) === naive(haystack, needle, from, to, ignoreAsciiCase);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('finds a needle past the first windows of a long haystack, and one straddling two windows', () => {
    const needle = asciiBytes('MailItemsAccessed');
    for (const at of [0, 239, 240, 255, 256, 700, 1000, 4000, 60000]) {
      const haystack = new Uint8Array(64 * 1024 - 64).fill(0x61);
      haystack.set(needle, at);
      expect(search(needle)(place(haystack), 0)).toBe(at);
      expect(search(needle)(place(haystack), at + 1)).toBe(-1);
    }
  });
});

describe('the WebAssembly search', () => {
  test('is the one byteSearch uses in Node', () => {
    expect(simdSearch(asciiBytes('MailItemsAccessed'), false)).not.toBeNull();
  });

  test('compares the rarest bytes of the needle: capitals first, then far apart', () => {
    expect(filterPositions(asciiBytes('MailItemsAccessed'))).toEqual([0, 9]); // M, A
    expect(filterPositions(asciiBytes('00000003-0000-0000-c000-000000000000'))).toEqual([7, 19]); // 3, c
  });

  test('runs the module compiled from simd-search.wat', async () => {
    const wat = readFileSync(new URL('../../src/core/simd-search.wat', import.meta.url), 'utf8');
    expect(wat).toContain('(func $find (export "find")');
    expect(Buffer.from(await compileSimdSearch()).toString('hex')).toBe(SIMD_SEARCH_WASM);
  });
});

describe('countByte', () => {
  test('counts the same in the search memory (WebAssembly) as elsewhere (JavaScript) and as a byte loop', () => {
    const staged = stagingBytes(4096);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(), fc.nat(), fc.constantFrom(0x22, 0x0a, 0x00, 0xff), (bytes, a, b, byte) => {
        const to = b % (bytes.length + 1);
        const from = a % (to + 1);
        let expected = 0;
        for (let i = from; i < to; i++) if (bytes[i] === byte) expected++;
        staged.set(bytes);
        return countByte(bytes, byte, from, to) === expected && countByte(staged.subarray(0, bytes.length), byte, from, to) === expected;
      }),
      { numRuns: 500 },
    );
  });
});
