// The byte-wide passes in WebAssembly SIMD (simd-search.wat): the needle search (about 18 GB/s here, where
// Horspool in JavaScript makes 4.5 GB/s), skipping JSON lines and CSV rows the rule does not read, and
// counting a byte. The search for MailItemsAccessed touches every byte of an export.
//
// The module searches its own memory, laid out once and never grown (growing would detach every view on it):
//   [0, 16)              what skipLines and skipRows report
//   [16, 4 KB)           needles in slots of 160 bytes: bytes, case mask, then length and filter positions
//   [4 KB, + 256 KB)     scratch: a haystack from elsewhere is copied here a window at a time
//   the rest (3.7 MB)    staging: regions a host reads its chunks into (stagingBytes), so they are searched in place
// Every region keeps 64 bytes of slack after it, since the search loads up to 15 bytes past its haystack.

import { SIMD_SEARCH_WASM } from './simd-search-wasm.ts';

export type Search = (haystack: Uint8Array, from: number, to?: number) => number;

type Find = (hay: number, len: number, from: number, slot: number) => number;
type CountByte = (hay: number, len: number, byte: number) => number;
type SkipLines = (hay: number, len: number, from: number, hit: number, select: number, also1: number, also2: number, out: number) => number;
type SkipRows = (hay: number, len: number, from: number, hit: number, select: number, out: number) => number;
type Tape = (hay: number, len: number, out: number, max: number) => number;
/** What simd-search.wat exports. */
interface Exports {
  find: Find;
  skipLines: SkipLines;
  skipRows: SkipRows;
  countByte: CountByte;
  tape: Tape;
  memory: { buffer: ArrayBuffer };
}

const OUT = 0;
const FIRST_SLOT = 16;
const SLOT = 160;
const MAX_NEEDLE = 64;
const NEEDLES_END = 4096;
const SLOTS = Math.floor((NEEDLES_END - FIRST_SLOT) / SLOT);
const SCRATCH = NEEDLES_END;
const SCRATCH_BYTES = 256 * 1024;
const SLACK = 64;
const FIRST_WINDOW = 256;

interface Engine {
  find: Find;
  memory: Uint8Array;
  nextSlot: number;
  slotOwners: string[];
  nextStaging: number;
  skipLines: SkipLines;
  skipRows: SkipRows;
  countByte: CountByte;
  tape: Tape;
  needles: Map<string, Needle>;
}
let engine: Engine | null | undefined;

// Compiled on first use, so a page that never searches pays nothing; null where WebAssembly SIMD is missing.
function getEngine(): Engine | null {
  if (engine !== undefined) return engine;
  const bytes = Uint8Array.from(SIMD_SEARCH_WASM.match(/../g)!, (hex) => parseInt(hex, 16));
  // A host without WebAssembly, or without its SIMD (validate refuses the module), keeps the JavaScript paths.
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return (engine = null);
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  engine = {
    find: exports.find,
    skipLines: exports.skipLines,
    skipRows: exports.skipRows,
    countByte: exports.countByte,
    tape: exports.tape,
    memory: new Uint8Array(exports.memory.buffer),
    nextSlot: 0,
    slotOwners: [],
    nextStaging: SCRATCH + SCRATCH_BYTES + SLACK,
    needles: new Map(),
  };
  return engine;
}

// Rarer bytes make fewer candidates. Audit records are mostly lower-case names, hex digits, GUIDs and JSON
// punctuation; capitals are rare.
const HEX = new Set(Array.from('123456789abcdef', (c) => c.charCodeAt(0)));
const COMMONEST = new Set(Array.from('0"-:,{}[] ', (c) => c.charCodeAt(0)));
const rarity = (b: number) => (b >= 0x41 && b <= 0x5a ? 0 : COMMONEST.has(b) ? 3 : HEX.has(b) ? 2 : 1);

/** The two needle positions the filter compares: the rarest byte, then the rarest other one farthest from it. */
export function filterPositions(needle: Uint8Array): [number, number] {
  let p1 = 0;
  for (let i = 1; i < needle.length; i++) if (rarity(needle[i]) < rarity(needle[p1])) p1 = i;
  let p2 = p1 === 0 ? 1 : 0;
  for (let i = 0; i < needle.length; i++) {
    if (i === p1) continue;
    const better = rarity(needle[i]) < rarity(needle[p2]) || (rarity(needle[i]) === rarity(needle[p2]) && Math.abs(i - p1) > Math.abs(p2 - p1));
    if (better) p2 = i;
  }
  return p1 < p2 ? [p1, p2] : [p2, p1];
}

interface Needle {
  /** Its slot's address. */
  at: number;
  n: number;
  /** Writes the needle into its slot again if another needle has taken it since. */
  claim(): void;
}

// Each needle owns a slot while it is the last to write it; the app uses a handful of needles, so slots are
// only ever shared (and rewritten before a search) when tests make thousands.
function needleIn(e: Engine, needle: Uint8Array, ignoreAsciiCase: boolean): Needle | null {
  const n = needle.length;
  if (n < 2 || n > MAX_NEEDLE) return null;
  const key = `${ignoreAsciiCase}:${needle.join(',')}`;
  const known = e.needles.get(key);
  if (known) return known;
  const slot = e.nextSlot;
  e.nextSlot = (e.nextSlot + 1) % SLOTS;
  const folded = new Uint8Array(n);
  const masks = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const b = needle[j];
    const letter = ignoreAsciiCase && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
    folded[j] = letter ? b | 0x20 : b;
    masks[j] = letter ? 0x20 : 0;
  }
  const at = FIRST_SLOT + slot * SLOT;
  const layout = new Int32Array([n, ...filterPositions(needle)]);
  const claim = () => {
    if (e.slotOwners[slot] === key) return;
    e.memory.set(folded, at);
    e.memory.set(masks, at + MAX_NEEDLE);
    e.memory.set(new Uint8Array(layout.buffer), at + 2 * MAX_NEEDLE);
    e.slotOwners[slot] = key;
  };
  claim();
  const entry = { at, n, claim };
  if (e.needles.size < SLOTS) e.needles.set(key, entry);
  return entry;
}

/**
 * A search for `needle` run in WebAssembly, or null where that is not available (no SIMD, a needle shorter than
 * two or longer than 64 bytes). Same contract as a byte-by-byte search.
 */
export function simdSearch(needle: Uint8Array, ignoreAsciiCase: boolean): Search | null {
  const e = getEngine();
  const slot = e && needleIn(e, needle, ignoreAsciiCase);
  if (!e || !slot) return null;
  const { at, n, claim } = slot;
  const { find, memory } = e;

  // A haystack from outside the module's memory, copied into scratch in windows that double, overlapping by
  // n - 1 bytes: a needle found near `from` costs a small copy, and a long search costs about one copy.
  const searchCopied = (haystack: Uint8Array, from: number, to: number): number => {
    let window = FIRST_WINDOW;
    for (let start = from; to - start >= n;) {
      const end = Math.min(to, start + window);
      memory.set(haystack.subarray(start, end), SCRATCH);
      const found = find(SCRATCH, end - start, 0, at);
      if (found !== -1) return start + found;
      if (end === to) break;
      start = end - n + 1;
      window = Math.min(window * 2, SCRATCH_BYTES);
    }
    return -1;
  };

  return (haystack, from, to = haystack.length) => {
    claim();
    if (from < 0) from = 0;
    if (haystack.buffer === memory.buffer) return find(haystack.byteOffset, to, from, at);
    return searchCopied(haystack, from, to);
  };
}

/** Where a line skipper stopped: see jsonLineSkipper. */
export interface LineStop {
  /** The start of the first line not skipped. */
  start: number;
  /** How many lines were skipped before it. */
  skipped: number;
  /** Its newline, or -1 when the chunk ends before one. */
  newline: number;
  /** The first needle at or after `start`, or -1 when the chunk has none. */
  hit: number;
}

/**
 * JSON lines: from `from`, a line start in `chunk`, skips in WebAssembly every line that is a whole record
 * {...} and either lacks `select` or names none of `alsoOneOf` (caseless where asked), so that JavaScript
 * sees only the records it reads. `hit` is the next `select` as far as the caller knows (-2 when unknown).
 * Answers false, having done nothing, for a chunk outside the search's memory; null where WebAssembly SIMD is
 * missing or a needle cannot be searched there.
 */
export function jsonLineSkipper(
  select: Uint8Array,
  alsoOneOf: { needle: Uint8Array; ignoreAsciiCase: boolean }[] = [],
): ((chunk: Uint8Array, from: number, hit: number, stop: LineStop) => boolean) | null {
  const e = getEngine();
  if (!e || alsoOneOf.length > 2) return null;
  const needles = [needleIn(e, select, false), ...alsoOneOf.map(({ needle, ignoreAsciiCase }) => needleIn(e, needle, ignoreAsciiCase))];
  if (needles.some((needle) => !needle)) return null;
  const [main, also1, also2] = needles as Needle[];
  const { skipLines } = e;
  return stopper(e, needles as Needle[], (chunk, from, hit) =>
    skipLines(chunk.byteOffset, chunk.length, from, hit, main.at, also1?.at ?? 0, also2?.at ?? 0, OUT),
  );
}

/**
 * CSV: from `from`, a row start outside quotes in `chunk`, skips in WebAssembly every row that is one line
 * (its quotes balance), not blank, and without `select`. Same answers as jsonLineSkipper's.
 */
export function csvRowSkipper(select: Uint8Array): ((chunk: Uint8Array, from: number, hit: number, stop: LineStop) => boolean) | null {
  const e = getEngine();
  const needle = e && needleIn(e, select, false);
  if (!e || !needle) return null;
  const { skipRows } = e;
  return stopper(e, [needle], (chunk, from, hit) => skipRows(chunk.byteOffset, chunk.length, from, hit, needle.at, OUT));
}

// The JavaScript side of both skippers: only chunks in the search's memory, needles claimed, results read back.
function stopper(e: Engine, needles: Needle[], skip: (chunk: Uint8Array, from: number, hit: number) => number) {
  const out = new Int32Array(e.memory.buffer, OUT, 3);
  return (chunk: Uint8Array, from: number, hit: number, stop: LineStop): boolean => {
    if (chunk.buffer !== e.memory.buffer) return false;
    for (const needle of needles) needle.claim();
    stop.start = skip(chunk, from, hit);
    stop.skipped = out[0];
    stop.newline = out[1];
    stop.hit = out[2];
    return true;
  };
}

/** How often `byte` occurs in bytes[from, to), in WebAssembly when they are in the search's memory; null elsewhere. */
export function countByteInPlace(bytes: Uint8Array, byte: number, from: number, to: number): number | null {
  const e = getEngine();
  return e && bytes.buffer === e.memory.buffer ? e.countByte(bytes.byteOffset + from, to - from, byte) : null;
}

/** Whether searches over `bytes` run in place: they lie in the search's memory, or there is no WebAssembly to copy into. */
export function inSearchMemory(bytes: Uint8Array): boolean {
  const e = getEngine();
  return !e || bytes.buffer === e.memory.buffer;
}

/**
 * `length` bytes inside the search's memory, for a host to read its chunks into: searches over them (and
 * over their subarrays) run in place. A plain array when WebAssembly is missing or the staging area is full;
 * searches over it then copy, which is slower but the same.
 */
export function stagingBytes(length: number): Uint8Array {
  const e = getEngine();
  if (!e || e.nextStaging + length + SLACK > e.memory.length) return new Uint8Array(length);
  const view = e.memory.subarray(e.nextStaging, e.nextStaging + length);
  e.nextStaging += length + SLACK;
  return view;
}

// A JSON record's tape (simd-search.wat, tape) goes to the scratch region's second half; a record from outside
// the memory is copied to its first.
const TAPE = SCRATCH + SCRATCH_BYTES / 2;
const TAPE_ENTRIES = 1024;
let tapeView: Int32Array | null = null;

/**
 * Where a JSON value's values at depths 0-3 lie, five numbers an entry (see tape in simd-search.wat), and how
 * many entries; null when the bytes are not one JSON value, hold too many entries, or WebAssembly is missing.
 */
export function jsonTape(bytes: Uint8Array): { tape: Int32Array; entries: number } | null {
  const e = getEngine();
  // Children are counted in 20 bits: a value of under 2 MB cannot have more (each takes two bytes or more).
  if (!e || bytes.length >= 1 << 21) return null;
  let at = bytes.byteOffset;
  if (bytes.buffer !== e.memory.buffer) {
    if (bytes.length > SCRATCH_BYTES / 2 - SLACK) return null;
    e.memory.set(bytes, SCRATCH);
    at = SCRATCH;
  }
  const entries = e.tape(at, bytes.length, TAPE, TAPE_ENTRIES);
  if (entries < 0) return null;
  tapeView ??= new Int32Array(e.memory.buffer, TAPE, TAPE_ENTRIES * 5);
  return { tape: tapeView, entries };
}
