// The record Ids seen so far, for deduplication over millions of records, compared case-insensitively.
// Audit record Ids are GUIDs: each is kept as its 128 bits, four words of an open-addressing table (16 bytes
// a slot at most four fifths full), where a 36-character string in a Set costs about 90 bytes. An Id of
// any other shape goes into a Set of lower-cased strings, as every Id did before.
//
// The table is 64 segments, chosen by a hash's low bits, each growing by half on its own: one table
// doubling at once held old and new together (51 MB for a moment at 850,000 Ids, where the Ids need 14) and
// left it under half full after. A slot is found from the hash's other bits by multiplication, so a segment
// can have any number of slots. An all-zero slot is free, so the all-zero GUID is remembered apart.

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const DASHES = [8, 13, 18, 23];

export class IdSet {
  private readonly segments: Int32Array[] = Array.from({ length: SEGMENTS }, () => new Int32Array(4 * SEGMENT_START_SLOTS));
  private readonly counts = new Int32Array(SEGMENTS);
  private guids = 0;
  private zeroGuid = false;
  private others = new Set<string>();
  private readonly parsed = new Int32Array(4);

  get size(): number {
    return this.guids + this.others.size;
  }

  /** Adds an Id; answers whether it was new. */
  add(id: string): boolean {
    if (!this.parse(id)) {
      const key = id.toLowerCase();
      if (this.others.has(key)) return false;
      this.others.add(key);
      return true;
    }
    const [a, b, c, d] = this.parsed;
    if ((a | b | c | d) === 0) {
      if (this.zeroGuid) return false;
      this.zeroGuid = true;
    } else {
      const h = hash(a, b, c, d);
      const s = h & (SEGMENTS - 1);
      if ((this.counts[s] + 1) * 5 > this.segments[s].length) this.grow(s);
      if (!insert(this.segments[s], h, a, b, c, d)) return false;
      this.counts[s]++;
    }
    this.guids++;
    return true;
  }

  // 8-4-4-4-12 hex digits into four 32-bit words; false when the Id is not a GUID.
  private parse(id: string): boolean {
    if (id.length !== 36) return false;
    for (const at of DASHES) if (id.charCodeAt(at) !== 0x2d) return false;
    let word = 0;
    let digits = 0;
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) continue;
      const code = id.charCodeAt(i);
      const nibble = code < 128 ? HEX[code] : -1;
      if (nibble < 0) return false;
      word = (word << 4) | nibble;
      if (++digits % 8 === 0) {
        this.parsed[digits / 8 - 1] = word;
        word = 0;
      }
    }
    return true;
  }

  private grow(s: number): void {
    const old = this.segments[s];
    const words = (this.segments[s] = new Int32Array(4 * Math.floor((old.length / 4) * 1.5)));
    for (let w = 0; w < old.length; w += 4) {
      const a = old[w], b = old[w + 1], c = old[w + 2], d = old[w + 3];
      if ((a | b | c | d) !== 0) insert(words, hash(a, b, c, d), a, b, c, d);
    }
  }
}

const SEGMENT_BITS = 6;
const SEGMENTS = 1 << SEGMENT_BITS;
// 64 x 1,024 slots (1 MB) to start: growing from a small table re-inserts every Id once per doubling.
const SEGMENT_START_SLOTS = 1024;

function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d) ^ Math.imul(d, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

// Linear probing in one segment, at most four fifths full; false when the Id is there already.
function insert(words: Int32Array, h: number, a: number, b: number, c: number, d: number): boolean {
  const slots = words.length / 4;
  for (let slot = Math.floor(((h >>> SEGMENT_BITS) * slots) / 2 ** (32 - SEGMENT_BITS)); ; slot = slot + 1 === slots ? 0 : slot + 1) {
    const w = slot * 4;
    const a0 = words[w], b0 = words[w + 1], c0 = words[w + 2], d0 = words[w + 3];
    if ((a0 | b0 | c0 | d0) === 0) {
      words[w] = a;
      words[w + 1] = b;
      words[w + 2] = c;
      words[w + 3] = d;
      return true;
    }
    if (a0 === a && b0 === b && c0 === c && d0 === d) return false;
  }
}
