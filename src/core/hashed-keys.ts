// A set of strings held as 64-bit hashes: 8 bytes a slot, where a Set of strings costs about 100 bytes a
// key. The detection pack keeps one key per record it selected (Id, Operation, CreationTime: pack-sink.ts),
// which is every API read of a tenant; at 3,000,000 reads a Set held about 300 MB of them. Two different
// keys are taken for one with odds near n^2 / 2^65 (1 in 4 million at 3,000,000 keys), as for the Id-less
// records of seen-records.ts.

function hashPair(key: string, out: Int32Array): void {
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  out[0] = finish(a ^ key.length);
  out[1] = finish(b);
}

/** A 32-bit finaliser (MurmurHash3's): every input bit reaches every output bit. Also seen-records.ts's. */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const pair = new Int32Array(2);
let hashedKey: string | null = null;
/**
 * The key's hash into `pair`; an all-zero slot is free, so the all-zero hash becomes (0, 1). The last key's
 * hash is kept: the pack asks has(key) and then add(key) of each record it selects.
 */
function hash(key: string): void {
  if (key === hashedKey) return;
  hashPair(key, pair);
  if (pair[0] === 0 && pair[1] === 0) pair[1] = 1;
  hashedKey = key;
}

export class HashedKeys {
  private slots = new Int32Array(2 * 1024);
  private used = 0;

  get size(): number {
    return this.used;
  }

  has(key: string): boolean {
    hash(key);
    return this.taken(this.probe(pair[0], pair[1]));
  }

  /** Adds `key`; answers false when it (or a key of the same hash) was there already. */
  add(key: string): boolean {
    hash(key);
    if (!this.insert(pair[0], pair[1])) return false;
    this.used++;
    if (this.used * 2 > this.slots.length / 2) this.grow();
    return true;
  }

  /** The slot holding (a, b), or the free slot where it would go. */
  private probe(a: number, b: number): number {
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    let slot = (a ^ Math.imul(b, 0x27d4eb2d)) & mask;
    while (this.taken(slot) && (slots[2 * slot] !== a || slots[2 * slot + 1] !== b)) slot = (slot + 1) & mask;
    return slot;
  }

  private taken(slot: number): boolean {
    return this.slots[2 * slot] !== 0 || this.slots[2 * slot + 1] !== 0;
  }

  private insert(a: number, b: number): boolean {
    const slot = this.probe(a, b);
    if (this.taken(slot)) return false;
    this.slots[2 * slot] = a;
    this.slots[2 * slot + 1] = b;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.insert(old[i], old[i + 1]);
  }
}
