// When are two audit records the same record? When their Id and what the rule reads of them agree: the
// time, the mailbox, the user and the application (ClientAppId). Tenant, AppId and ClientInfoString are
// left out: two reads that share an Id, a second, a mailbox and an application but differ only there do
// not occur, and hashing them would cost every event the rule reads a third more.
// An Id alone is not enough: anonymised or placeholder Ids ('ANONYMIZED', all zeros) are shared by
// different reads, and merging those would hide mailboxes from the count. A record without an Id is the
// same record as another when that content agrees. This is the one definition of a duplicate: the command
// line keeps it in memory, the app persists recordKey() of every stored event and loads it back here.
//
// The content is kept as a 64-bit hash of its fields (ASCII case folded, as Ids and mailboxes are
// compared without case). Ids are GUIDs in real exports: each is held as its 128 bits plus the hash, six
// words of an open-addressing table (24 bytes a slot at most four fifths full), where a string key in a Set
// costs about 100 bytes. Any other Id is a Map key holding 53 bits of its first record's content; an Id-less
// record, and an Id met again with other content, go to a Set of keys, which real exports rarely reach.
//
// The table is 64 segments, chosen by a hash's low bits, each growing by half on its own, so no moment
// holds a doubled table. An all-zero slot is free, so the all-zero GUID goes to the Sets with other Ids.

import { finish } from './hashed-keys.ts';
import type { MailEvent } from './types.ts';

/** 'reused-id': the Id was seen before on a record of other content; counted as a record of its own. */
export type Seen = 'new' | 'duplicate' | 'reused-id';

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const WORDS = 6;
const SEGMENT_BITS = 6;
const SEGMENTS = 1 << SEGMENT_BITS;
// 64 x 1,024 slots (1.5 MB) to start: growing from a small table re-inserts every Id once per growth.
const SEGMENT_START_SLOTS = 1024;

const content = new Int32Array(2);

/**
 * The 64-bit hash of what the rule reads of a record, into `content`: two multiplicative hashes of each
 * code unit (FNV-1a, and a multiply-shift of another constant), so that a million Id-less records meet a
 * false match with odds near 1 in 10^7. One loop with its state in locals: it runs once per event the rule
 * reads, and a closure per call, or state kept outside the function, cost a tenth of a file of API reads.
 */
function hashContent(e: MailEvent): void {
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  const time = Math.floor(e.time);
  for (const c of [time % 0x10000, Math.floor(time / 0x10000) % 0x10000, Math.floor(time / 0x100000000)]) {
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  for (let field = 0; field < 3; field++) {
    const text = field === 0 ? e.mailbox : field === 1 ? e.userId : e.clientAppId;
    for (let i = 0; i <= text.length; i++) {
      // After the last code unit, a separator no code unit can be: ('ab', 'c') differs from ('a', 'bc').
      let c = i < text.length ? text.charCodeAt(i) : 0x10000;
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
  }
  content[0] = finish(a);
  content[1] = finish(b);
}

const hex8 = (word: number) => (word >>> 0).toString(16).padStart(8, '0');
/** The key's one spelling: the lower-cased Id, '|', the content hash in hex. */
const keyOf = (id: string, h1: number, h2: number) => `${id.toLowerCase()}|${hex8(h1)}${hex8(h2)}`;

/** The persisted form of a record's identity: its lower-cased Id, '|', the content hash in hex. */
export function recordKey(e: MailEvent): string {
  hashContent(e);
  return keyOf(e.id, content[0], content[1]);
}

export class SeenRecords {
  private readonly segments: Int32Array[] = Array.from({ length: SEGMENTS }, () => new Int32Array(WORDS * SEGMENT_START_SLOTS));
  private readonly counts = new Int32Array(SEGMENTS);
  /** recordKey() of Id-less records, and of records whose Id was first seen with other content. */
  private readonly keys = new Set<string>();
  /** Lower-cased Ids that are not GUIDs -> 53 bits of the content of the first record seen with them. */
  private readonly others = new Map<string, number>();
  private readonly guid = new Int32Array(4);
  private tableSize = 0;

  get size(): number {
    return this.tableSize + this.others.size + this.keys.size;
  }

  private last = { id: '', h1: 0, h2: 0 };

  /** Remembers the record and answers whether it was new, a duplicate, or a new record under a used Id. */
  check(event: MailEvent): Seen {
    hashContent(event);
    this.last.id = event.id;
    this.last.h1 = content[0];
    this.last.h2 = content[1];
    return this.add(event.id, content[0], content[1]);
  }

  /** recordKey() of the record check() saw last, without hashing it again (a store keys what it was just handed). */
  lastKey(): string {
    return keyOf(this.last.id, this.last.h1, this.last.h2);
  }

  /** Remembers a record known by its recordKey() (the workspace's stored events). */
  addKey(key: string): void {
    const hash = key.slice(-16);
    this.add(key.slice(0, -17), parseInt(hash.slice(0, 8), 16) | 0, parseInt(hash.slice(8), 16) | 0);
  }

  private add(id: string, h1: number, h2: number): Seen {
    if (this.parseGuid(id)) {
      const [a, b, c, d] = this.guid;
      const h = mixGuid(a, b, c, d);
      const s = h & (SEGMENTS - 1);
      if ((this.counts[s] + 1) * 5 > (this.segments[s].length / WORDS) * 4) this.grow(s);
      const found = insert(this.segments[s], h, a, b, c, d, h1, h2);
      if (found === INSERTED) {
        this.counts[s]++;
        this.tableSize++;
        return 'new';
      }
      if (found === SAME) return 'duplicate';
      // The GUID is in the table with other content: this record's identity joins the Sets.
      const key = keyOf(id, h1, h2);
      if (this.keys.has(key)) return 'duplicate';
      this.keys.add(key);
      return 'reused-id';
    }
    const lower = id.toLowerCase();
    if (lower) {
      const first = this.others.get(lower);
      const bits = (h1 >>> 0) * 2 ** 21 + (h2 >>> 11); // 53 bits: an exact number, kept without a string
      if (first === undefined) {
        this.others.set(lower, bits);
        return 'new';
      }
      if (first === bits) return 'duplicate';
    }
    const key = keyOf(lower, h1, h2);
    if (this.keys.has(key)) return 'duplicate';
    this.keys.add(key);
    return lower ? 'reused-id' : 'new'; // no Id, nothing to reuse
  }

  // 8-4-4-4-12 hex digits into four 32-bit words; false when the Id is not a GUID, or is all zeros.
  private parseGuid(id: string): boolean {
    if (id.length !== 36) return false;
    if (id.charCodeAt(8) !== 0x2d || id.charCodeAt(13) !== 0x2d || id.charCodeAt(18) !== 0x2d || id.charCodeAt(23) !== 0x2d) return false;
    let word = 0;
    let digits = 0;
    for (let i = 0; i < 36; i++) {
      if (i === 8 || i === 13 || i === 18 || i === 23) continue;
      const code = id.charCodeAt(i);
      const nibble = code < 128 ? HEX[code] : -1;
      if (nibble < 0) return false;
      word = (word << 4) | nibble;
      if (++digits % 8 === 0) {
        this.guid[digits / 8 - 1] = word;
        word = 0;
      }
    }
    return (this.guid[0] | this.guid[1] | this.guid[2] | this.guid[3]) !== 0;
  }

  private grow(s: number): void {
    const old = this.segments[s];
    const words = (this.segments[s] = new Int32Array(WORDS * Math.floor((old.length / WORDS) * 1.5)));
    for (let w = 0; w < old.length; w += WORDS) {
      const a = old[w],
        b = old[w + 1],
        c = old[w + 2],
        d = old[w + 3];
      if ((a | b | c | d) !== 0) insert(words, mixGuid(a, b, c, d), a, b, c, d, old[w + 4], old[w + 5]);
    }
  }
}

function mixGuid(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d) ^ Math.imul(d, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

const INSERTED = 0;
const SAME = 1;
const OTHER_CONTENT = 2;

// Linear probing in one segment, at most four fifths full, keyed by the GUID.
function insert(words: Int32Array, h: number, a: number, b: number, c: number, d: number, h1: number, h2: number): number {
  const slots = words.length / WORDS;
  for (let slot = Math.floor(((h >>> SEGMENT_BITS) * slots) / 2 ** (32 - SEGMENT_BITS)); ; slot = slot + 1 === slots ? 0 : slot + 1) {
    const w = slot * WORDS;
    const a0 = words[w],
      b0 = words[w + 1],
      c0 = words[w + 2],
      d0 = words[w + 3];
    if ((a0 | b0 | c0 | d0) === 0) {
      words[w] = a;
      words[w + 1] = b;
      words[w + 2] = c;
      words[w + 3] = d;
      words[w + 4] = h1;
      words[w + 5] = h2;
      return INSERTED;
    }
    if (a0 === a && b0 === b && c0 === c && d0 === d) return words[w + 4] === h1 && words[w + 5] === h2 ? SAME : OTHER_CONTENT;
  }
}
