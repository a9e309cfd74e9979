import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { asciiBytes, byteSearch } from '../../src/core/bytes.ts';

// The reference: try every position, comparing byte by byte (letters folded to lower case when asked).
const lower = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
function naive(haystack: Uint8Array, needle: Uint8Array, from: number, ignoreCase: boolean): number {
  const same = (a: number, b: number) => (ignoreCase ? lower(a) === lower(b) : a === b);
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (!same(haystack[i + k], needle[k])) continue outer;
    return i;
  }
  return -1;
}

describe('byteSearch', () => {
  const graph = asciiBytes('00000003-0000-0000-c000-000000000000');
  test.each([
    { name: 'finds the needle', haystack: '"AppId":"00000003-0000-0000-c000-000000000000"', ignoreAsciiCase: false, expected: 9 },
    { name: 'case matters by default', haystack: '"AppId":"00000003-0000-0000-C000-000000000000"', ignoreAsciiCase: false, expected: -1 },
    { name: 'ignoring case finds the upper-case spelling', haystack: '"AppId":"00000003-0000-0000-C000-000000000000"', ignoreAsciiCase: true, expected: 9 },
    { name: 'ignoring case does not fold bytes other than letters', haystack: '"AppId":"\u0010\u0010000003-0000-0000-c000-000000000000"', ignoreAsciiCase: true, expected: -1 },
    { name: 'a needle cut by the end of the haystack is not found', haystack: '"AppId":"00000003-0000-0000-c000-0000000000', ignoreAsciiCase: true, expected: -1 },
  ])('$name', ({ haystack, ignoreAsciiCase, expected }) => {
    expect(byteSearch(graph, { ignoreAsciiCase })(asciiBytes(haystack), 0)).toBe(expected);
  });

  test('agrees with trying every position, with and without case, from any start', () => {
    const alphabet = fc.constantFrom(0x41, 0x61, 0x42, 0x62, 0x2d, 0x30, 0x10, 0x5b, 0x7b); // A a B b - 0 DLE [ {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 300 }), fc.array(alphabet, { minLength: 1, maxLength: 6 }), fc.nat(), fc.boolean(), (hay, nd, start, ignoreAsciiCase) => {
        const haystack = Uint8Array.from(hay);
        const needle = Uint8Array.from(nd);
        const from = start % (haystack.length + 1);
        return byteSearch(needle, { ignoreAsciiCase })(haystack, from) === naive(haystack, needle, from, ignoreAsciiCase);
      }),
      { numRuns: 2000 },
    );
  });
});
