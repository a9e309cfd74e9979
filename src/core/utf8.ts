// UTF-8 to a string in plain JavaScript, exactly as TextDecoder('utf-8') decodes without `fatal` (the WHATWG
// algorithm: each maximal invalid subpart becomes one U+FFFD). Chromium's TextDecoder costs about 10 µs for a
// 1.5 KB audit record and hands JSON.parse a two-byte string whenever the record holds any non-ASCII
// character; this loop builds the string from code units, one byte per character where they fit, and
// decoding and parsing 100,000 records took 0.9 s instead of 1.9 s in Chromium. Node's TextDecoder is the
// faster one there, so the host chooses (createFileAnalyzer's `decodeUtf8` option).

// The code units go into a plain array, not a Uint16Array: String.fromCharCode.apply reads a packed array of
// small integers directly, where from a typed array it first builds the argument list; that halved the cost
// of a 1.5 KB record in Chromium's worker (about 5 against 10-12 µs). Kept packed: written in order, cut with
// `length`.
const units: number[] = [];
const CHUNK = 8192; // code units per String.fromCharCode call, well under any engine's argument limit

export function decodeUtf8Js(bytes: Uint8Array): string {
  const out = units;
  let n = 0;
  let needed = 0;
  let seen = 0;
  let point = 0;
  let lower = 0x80;
  let upper = 0xbf;
  const length = bytes.length;
  for (let i = 0; i < length; ) {
    if (needed === 0) {
      // Audit records are mostly ASCII: runs of it are copied in a tight loop.
      while (i < length && bytes[i] < 0x80) out[n++] = bytes[i++];
      if (i === length) break;
    }
    const b = bytes[i];
    if (needed === 0) {
      i++;
      if (b < 0x80) out[n++] = b;
      else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        point = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2;
        point = b & 0x0f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3;
        point = b & 0x07;
      } else out[n++] = 0xfffd;
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence ends here, unfinished: one replacement, and this byte is read again on its own.
      needed = seen = point = 0;
      lower = 0x80;
      upper = 0xbf;
      out[n++] = 0xfffd;
      continue;
    }
    i++;
    lower = 0x80;
    upper = 0xbf;
    point = (point << 6) | (b & 0x3f);
    if (++seen < needed) continue;
    if (point > 0xffff) {
      point -= 0x10000;
      out[n++] = 0xd800 | (point >> 10);
      out[n++] = 0xdc00 | (point & 0x3ff);
    } else out[n++] = point;
    needed = seen = point = 0;
  }
  if (needed) out[n++] = 0xfffd;
  out.length = n;
  if (n <= CHUNK) return String.fromCharCode.apply(null, out);
  let text = '';
  for (let k = 0; k < n; k += CHUNK) text += String.fromCharCode.apply(null, out.slice(k, k + CHUNK));
  return text;
}
