// The record Ids seen so far, for deduplication over millions of records, compared case-insensitively.
// Audit record Ids are GUIDs: each is kept as its 128 bits, four words of an open-addressing table (16 bytes
// a slot at most three quarters full), where a 36-character string in a Set costs about 90 bytes. An Id of
// any other shape goes into a Set of lower-cased strings, as every Id did before.

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const DASHES = [8, 13, 18, 23];

export class IdSet {
  // 64k slots (1 MB) to start: growing from a small table re-inserts every Id once per doubling.
  private words = new Int32Array(4 * 65536);
  private used = new Uint8Array(65536);
  private guids = 0;
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
    if ((this.guids + 1) * 4 > this.used.length * 3) this.grow();
    const [a, b, c, d] = this.parsed;
    if (!this.insert(a, b, c, d)) return false;
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

  private insert(a: number, b: number, c: number, d: number): boolean {
    const mask = this.used.length - 1;
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d) ^ Math.imul(d, 0x27d4eb2f);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      if (!this.used[slot]) {
        const w = slot * 4;
        this.used[slot] = 1;
        this.words[w] = a;
        this.words[w + 1] = b;
        this.words[w + 2] = c;
        this.words[w + 3] = d;
        return true;
      }
      const w = slot * 4;
      if (this.words[w] === a && this.words[w + 1] === b && this.words[w + 2] === c && this.words[w + 3] === d) return false;
    }
  }

  private grow(): void {
    const { words, used } = this;
    this.words = new Int32Array(words.length * 2);
    this.used = new Uint8Array(used.length * 2);
    for (let slot = 0; slot < used.length; slot++) {
      if (used[slot]) this.insert(words[slot * 4], words[slot * 4 + 1], words[slot * 4 + 2], words[slot * 4 + 3]);
    }
  }
}
