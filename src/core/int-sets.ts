// Many small sets of small non-negative integers (interned strings), most of them holding one value: the
// users, IPs, AppIds and mailboxes of each rule window. A set is an int32 handle the caller keeps in a typed
// array, so a window needs no object of its own:
//   0        empty
//   h > 0    the one value h - 1
//   h < 0    a list of nodes (value, next) in paged typed arrays, starting at node -h - 1
//   h <= -BIG  a JavaScript Set, once a list is longer than LIST_MAX (a linear scan of a long list per add
//              would make an alert window of thousands of mailboxes quadratic)
// A node costs 8 bytes where a Set of two strings cost about 150. Nodes of a list promoted to a Set are not
// reused: at most LIST_MAX per promoted set, and promoted sets are the rare alerting windows.

const PAGE_BITS = 16;
const PAGE_NODES = 1 << PAGE_BITS;
const LIST_MAX = 16;
const BIG = 2 ** 30;
const END = -1;

export class IntSets {
  private pages: Int32Array[] = [];
  private nodes = 0;
  private readonly big: Set<number>[] = [];
  /** Whether the last add() added its value. */
  added = false;

  /** Adds value to the set `handle`; returns the set's handle afterwards (it changes as the set grows). */
  add(handle: number, value: number): number {
    this.added = true;
    if (handle === 0) return value + 1;
    if (handle > 0) {
      if (handle === value + 1) return ((this.added = false), handle);
      return -(this.node(value, this.node(handle - 1, END)) + 1);
    }
    if (handle <= -BIG) {
      const set = this.big[-handle - BIG];
      if (set.has(value)) this.added = false;
      else set.add(value);
      return handle;
    }
    let length = 0;
    for (let n = -handle - 1; n !== END; n = this.nextOf(n), length++) {
      if (this.valueOf(n) === value) return ((this.added = false), handle);
    }
    if (length < LIST_MAX) return -(this.node(value, -handle - 1) + 1);
    const set = new Set(this.values(handle));
    set.add(value);
    return -(BIG + this.big.push(set) - 1);
  }

  size(handle: number): number {
    if (handle >= 0) return handle === 0 ? 0 : 1;
    if (handle <= -BIG) return this.big[-handle - BIG].size;
    let length = 0;
    for (let n = -handle - 1; n !== END; n = this.nextOf(n)) length++;
    return length;
  }

  values(handle: number): number[] {
    if (handle >= 0) return handle === 0 ? [] : [handle - 1];
    if (handle <= -BIG) return [...this.big[-handle - BIG]];
    const values: number[] = [];
    for (let n = -handle - 1; n !== END; n = this.nextOf(n)) values.push(this.valueOf(n));
    return values;
  }

  private node(value: number, next: number): number {
    const n = this.nodes++;
    if ((n & (PAGE_NODES - 1)) === 0) this.pages.push(new Int32Array(2 * PAGE_NODES));
    const page = this.pages[n >>> PAGE_BITS];
    const at = 2 * (n & (PAGE_NODES - 1));
    page[at] = value;
    page[at + 1] = next;
    return n;
  }

  private valueOf(n: number): number {
    return this.pages[n >>> PAGE_BITS][2 * (n & (PAGE_NODES - 1))];
  }

  private nextOf(n: number): number {
    return this.pages[n >>> PAGE_BITS][2 * (n & (PAGE_NODES - 1)) + 1];
  }
}
