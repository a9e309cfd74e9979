// Byte-level helpers. The parsers work on UTF-8 bytes so that records the rule will never read
// are skipped without being decoded: decoding is the most expensive step in a browser.

import { countByteInPlace, simdSearch, type Search } from './simd-search.ts';

// TextDecoder/TextEncoder exist in every runtime the core runs in (browser, worker, Node); host.d.ts
// declares them for the core's ES-only lib.
export function createDecoder(label: string): InstanceType<typeof TextDecoder> {
  return new TextDecoder(label, { ignoreBOM: true });
}

const utf8 = createDecoder('utf-8');
const encoder = new TextEncoder();

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export const asciiBytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/**
 * A search for one needle: in WebAssembly SIMD where the runtime has it (simd-search.ts), else in JavaScript.
 * A haystack in the search's memory (readBuffer(), the analyzer's staging) is searched in place; any other is
 * copied into it in windows.
 */
export function byteSearch(needle: Uint8Array, options: { ignoreAsciiCase?: boolean } = {}): Search {
  return simdSearch(needle, !!options.ignoreAsciiCase) ?? scalarSearch(needle, options);
}

/**
 * The JavaScript search, Horspool's way: on a mismatch it jumps ahead by up to the needle's length, so it reads
 * a fraction of the bytes. Anchoring native indexOf on a byte of the needle costs a call for every occurrence
 * of that byte, and audit records are full of M (MailboxGuid, Microsoft, MB in server names).
 */
export function scalarSearch(needle: Uint8Array, options: { ignoreAsciiCase?: boolean } = {}): Search {
  if (options.ignoreAsciiCase) return caselessSearch(needle);
  const n = needle.length;
  const last = needle[n - 1];
  const shift = new Int32Array(256).fill(n);
  for (let i = 0; i < n - 1; i++) shift[needle[i]] = n - 1 - i;
  return (haystack, from, to = haystack.length) => {
    for (let i = from + n - 1; i < to; i += shift[haystack[i]]) {
      if (haystack[i] !== last) continue;
      let k = 1;
      while (k < n && haystack[i - k] === needle[n - 1 - k]) k++;
      if (k === n) return i - n + 1;
    }
    return -1;
  };
}

// ASCII letters compared without case: one pass where searching each spelling would take two.
const LOWER = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));
function caselessSearch(needle: Uint8Array): Search {
  const folded = needle.map((b) => LOWER[b]);
  const n = folded.length;
  const last = folded[n - 1];
  const shift = new Int32Array(256).fill(n);
  for (let i = 0; i < n - 1; i++) {
    shift[folded[i]] = n - 1 - i;
    if (folded[i] >= 0x61 && folded[i] <= 0x7a) shift[folded[i] - 0x20] = n - 1 - i;
  }
  return (haystack, from, to = haystack.length) => {
    for (let i = from + n - 1; i < to; i += shift[haystack[i]]) {
      if (LOWER[haystack[i]] !== last) continue;
      let k = 1;
      while (k < n && LOWER[haystack[i - k]] === folded[n - 1 - k]) k++;
      if (k === n) return i - n + 1;
    }
    return -1;
  };
}

/**
 * How often `byte` occurs in bytes[from, to): in WebAssembly SIMD for bytes in the search's memory
 * (simd-search.ts), else four bytes per step (SWAR), about three times a byte loop's speed.
 */
export function countByte(bytes: Uint8Array, byte: number, from = 0, to = bytes.length): number {
  const counted = countByteInPlace(bytes, byte, from, to);
  if (counted !== null) return counted;
  let count = 0;
  let i = from;
  for (; i < to && (bytes.byteOffset + i) & 3; i++) if (bytes[i] === byte) count++;
  const words = (to - i) >> 2;
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
    const pattern = Math.imul(byte, 0x01010101);
    for (let w = 0; w < words; w++) {
      const x = view[w] ^ pattern;
      // The high bit of each byte of x that is zero; adding to the low seven bits first keeps bytes apart.
      const zero = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
      count += Math.imul(zero >>> 7, 0x01010101) >>> 24;
    }
    i += words << 2;
  }
  for (; i < to; i++) if (bytes[i] === byte) count++;
  return count;
}

/** Always a new array: callers hold the result across writes, and a writer may reuse its chunk buffer. */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
