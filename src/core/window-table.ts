// The tumbling windows of every application, as rows of typed arrays instead of an object, a Map entry and a
// few Sets each: a file of MailItemsAccessed reads holds a window for about every three events, and as
// objects a window cost about 400 bytes of heap (42 MB for the 98,000 windows of the benchmark's
// all-MailItemsAccessed file), most of the command line's growth on a file three times larger. Strings are
// interned to numbers; a window's sets of them are IntSets handles; windows are found through an
// open-addressing table of row numbers, keyed by (application, window start).
//
// Rows live in pages of PAGE_ROWS, so a growing table never copies its rows (a doubling array would briefly
// hold old and new).

import { IntSets } from './int-sets.ts';
import type { Tally } from './alert.ts';
import type { MailEvent } from './types.ts';

const PAGE_BITS = 12;
const PAGE_ROWS = 1 << PAGE_BITS;
// Per row, numbers that may exceed int32 in float64s, the rest in int32s.
const F_START = 0,
  F_FIRST = 1,
  F_LAST = 2,
  F_OPERATIONS = 3,
  FLOATS = 4;
// The mailbox count is also its set's size, kept apart because every re-tuning reads it for every window.
const I_GROUP = 0,
  I_EVENTS = 1,
  I_BIND = 2,
  I_SYNC = 3,
  I_MAILBOXES = 4,
  I_MAILBOX_COUNT = 5,
  I_USERS = 6,
  I_IPS = 7,
  I_APP_IDS = 8,
  I_THROTTLED = 9,
  INTS = 10;

export class WindowTable {
  private floats: Float64Array[] = [];
  private ints: Int32Array[] = [];
  private rows = 0;
  /** Open addressing over row numbers + 1 (0 is a free slot), at most half full. */
  private slots = new Int32Array(1 << 12);
  private readonly sets = new IntSets();
  private readonly strings: string[] = [];
  private readonly numbers = new Map<string, number>();

  get size(): number {
    return this.rows;
  }

  /** The row of (group, start), or -1 when there is none. */
  find(group: number, start: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(group, start) & mask; ; slot = (slot + 1) & mask) {
      const row = this.slots[slot] - 1;
      if (row < 0) return -1;
      if (this.int(row, I_GROUP) === group && this.float(row, F_START) === start) return row;
    }
  }

  /** A new, empty row for (group, start), which must not have one yet. */
  insert(group: number, start: number): number {
    if (2 * (this.rows + 1) > this.slots.length) this.grow();
    const row = this.rows++;
    if ((row & (PAGE_ROWS - 1)) === 0) {
      this.floats.push(new Float64Array(FLOATS * PAGE_ROWS));
      this.ints.push(new Int32Array(INTS * PAGE_ROWS));
    }
    const f = this.floats[row >>> PAGE_BITS];
    const at = FLOATS * (row & (PAGE_ROWS - 1));
    f[at + F_START] = start;
    f[at + F_FIRST] = Infinity;
    f[at + F_LAST] = -Infinity;
    this.ints[row >>> PAGE_BITS][INTS * (row & (PAGE_ROWS - 1)) + I_GROUP] = group;
    this.place(row, group, start);
    return row;
  }

  /** Counts one event towards the row, `mailbox` being the (already case-folded) key it counts under. */
  add(row: number, event: MailEvent, mailbox: string): void {
    const f = this.floats[row >>> PAGE_BITS];
    const x = FLOATS * (row & (PAGE_ROWS - 1));
    const n = this.ints[row >>> PAGE_BITS];
    const i = INTS * (row & (PAGE_ROWS - 1));
    const sets = this.sets;
    const mailboxNumber = this.number(mailbox);
    n[i + I_MAILBOXES] = sets.add(n[i + I_MAILBOXES], mailboxNumber);
    if (sets.added) n[i + I_MAILBOX_COUNT]++;
    n[i + I_USERS] = sets.add(n[i + I_USERS], this.number(event.userId));
    if (event.clientIp) n[i + I_IPS] = sets.add(n[i + I_IPS], this.number(event.clientIp));
    n[i + I_APP_IDS] = sets.add(n[i + I_APP_IDS], this.number(event.appId));
    if (event.throttled) n[i + I_THROTTLED] = sets.add(n[i + I_THROTTLED], mailboxNumber);
    n[i + I_EVENTS]++;
    if (event.accessType === 'Bind') n[i + I_BIND]++;
    else if (event.accessType === 'Sync') n[i + I_SYNC]++;
    f[x + F_OPERATIONS] += event.operationCount;
    if (event.time < f[x + F_FIRST]) f[x + F_FIRST] = event.time;
    if (event.time > f[x + F_LAST]) f[x + F_LAST] = event.time;
  }

  group(row: number): number {
    return this.int(row, I_GROUP);
  }
  start(row: number): number {
    return this.float(row, F_START);
  }
  uniqueMailboxes(row: number): number {
    return this.int(row, I_MAILBOX_COUNT);
  }

  tally(row: number): Tally {
    const texts = (column: number) =>
      this.sets
        .values(this.int(row, column))
        .map((v) => this.strings[v])
        .sort();
    return {
      mailboxes: texts(I_MAILBOXES),
      users: texts(I_USERS),
      srcIps: texts(I_IPS),
      appIds: texts(I_APP_IDS),
      events: this.int(row, I_EVENTS),
      operationCount: this.float(row, F_OPERATIONS),
      bind: this.int(row, I_BIND),
      sync: this.int(row, I_SYNC),
      throttledMailboxes: this.sets.size(this.int(row, I_THROTTLED)),
      first: this.float(row, F_FIRST),
      last: this.float(row, F_LAST),
    };
  }

  // One number per distinct string: equal strings from different events share a number (and one copy).
  private number(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) this.numbers.set(text, (n = this.strings.push(text) - 1));
    return n;
  }

  private int(row: number, column: number): number {
    return this.ints[row >>> PAGE_BITS][INTS * (row & (PAGE_ROWS - 1)) + column];
  }
  private float(row: number, column: number): number {
    return this.floats[row >>> PAGE_BITS][FLOATS * (row & (PAGE_ROWS - 1)) + column];
  }

  private place(row: number, group: number, start: number): void {
    const mask = this.slots.length - 1;
    let slot = hash(group, start) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = row + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let row = 0; row < this.rows; row++) this.place(row, this.group(row), this.start(row));
  }
}

// Window starts are multiples of the span; dividing by a minute (the span's usual unit) before mixing keeps
// consecutive windows in different slots. Any start still hashes correctly, only less evenly.
function hash(group: number, start: number): number {
  const minutes = Math.floor(start / 60_000);
  let h = Math.imul(group, 0x9e3779b1) ^ Math.imul(minutes | 0, 0x85ebca77) ^ Math.imul((minutes / 2 ** 32) | 0, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
