// UTF-8 to a string in plain JavaScript, exactly as TextDecoder('utf-8') decodes without `fatal` (the WHATWG
// algorithm: each maximal invalid subpart becomes one U+FFFD). Chromium's TextDecoder is slow on small
// records and hands JSON.parse a two-byte string whenever the record holds any non-ASCII character; this loop
// builds the string from code units, one byte per character where they fit, and decodes and parses about
// twice as fast in Chromium (docs/performance.md, "Measured choices"). Node's TextDecoder is the faster one
// there, so the host chooses (createFileAnalyzer's `decodeUtf8` option).

// The code units go into a plain array of RUN entries, turned into a string by String.fromCharCode.apply
// each time it fills, the pieces joined. A plain array, not a Uint16Array: apply reads a packed array of
// small integers directly, where from a typed array it first builds the argument list. Runs of 64, not one
// call per record: apply's cost grows faster than its argument count (docs/performance.md, "Measured
// choices"). The array keeps its length; a shorter last run goes through a preallocated
// array of its own length, so nothing is allocated but the strings.
const RUN = 64;
const units: number[] = new Array<number>(RUN).fill(0);
const tails: number[][] = Array.from({ length: RUN }, (_, n) => new Array<number>(n).fill(0));

export function decodeUtf8Js(bytes: Uint8Array): string {
  const out = units;
  let text = '';
  let n = 0;
  let needed = 0;
  let seen = 0;
  let point = 0;
  let lower = 0x80;
  let upper = 0xbf;
  const length = bytes.length;
  for (let i = 0; i < length;) {
    if (n === RUN) {
      text += String.fromCharCode.apply(null, out);
      n = 0;
    }
    if (needed === 0) {
      // Audit records are mostly ASCII: runs of it are copied in a tight loop.
      const stop = Math.min(length, i + RUN - n);
      while (i < stop && bytes[i] < 0x80) out[n++] = bytes[i++];
      if (i === length) break;
      if (n === RUN) continue;
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
      if (n === RUN) {
        // The pair's halves fall in two runs: joining the pieces joins the code units again.
        text += String.fromCharCode.apply(null, out);
        n = 0;
      }
      out[n++] = 0xdc00 | (point & 0x3ff);
    } else out[n++] = point;
    needed = seen = point = 0;
  }
  if (needed) {
    if (n === RUN) {
      text += String.fromCharCode.apply(null, out);
      n = 0;
    }
    out[n++] = 0xfffd;
  }
  if (n === RUN) return text + String.fromCharCode.apply(null, out);
  const tail = tails[n];
  for (let k = 0; k < n; k++) tail[k] = out[k];
  return text + String.fromCharCode.apply(null, tail);
}
