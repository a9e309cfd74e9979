// The fields the rule reads of a JSON audit record, found on its bytes without decoding the record or
// building its object. WebAssembly walks the record once (simd-search.wat, tape: it validates the whole
// record as JSON.parse would, 16 bytes a step inside strings) and hands back where its values down to depth
// 3 lie; this module makes of them the top-level members normalise.ts reads, as JSON.parse would give them.
//
// Anything it is not sure of answers null, for the caller to parse the record as before: a record that is
// not valid JSON or not one object, an escape in a kept value or in any top-level key, a kept key met twice
// (JSON.parse keeps the last), a key by which formats.ts would take the row for another shape, a kept value
// that is an object, nesting past 64, no WebAssembly. So an answer is what JSON.parse would have given, by
// construction; test/core/record-fields.test.ts holds the two paths to it over every fixture and generated
// hostile records, and the detection pack's rows to the parsed record's. Of OperationProperties it keeps
// each item's Name and Value; of Folders only the shape normalise.ts counts (each folder, and its
// FolderItems as an array of that length). A CSV cell's AuditData (JSON inside CSV quoting) is still parsed.

import type { Row } from './formats.ts';
import { jsonTape } from './simd-search.ts';

/** The top-level keys normalise.ts reads. */
const KEPT = [
  'CreationTime', 'Id', 'Identity', 'RecordId', 'OfficeId', 'id', 'Operation', 'Workload', 'OrganizationId', 'AppId', 'ClientAppId',
  'ClientInfoString', 'UserId', 'MailboxOwnerUPN', 'MailboxGuid', 'ClientIPAddress', 'ClientIP', 'Client_IPAddress', 'OperationCount',
  'OperationProperties', 'Folders',
  // What the pack's analytics that select any MailItemsAccessed record read besides (detections/): the Graph
  // and EWS listings' dest is ObjectId; the PST alert matches on Name (whose plain bytes the pack's filter
  // finds, so an escaped one must send the record to JSON.parse). A record whose Operation is no other
  // analytic's hands the pack this row. Parameters is there so that a record carrying it, where fields.ts's
  // field() looks when a top-level member is missing, is parsed whole.
  'ObjectId', 'Name', 'Parameters',
]; // prettier-ignore
/** Keys formats.ts's row tests read before a row is taken for Management Activity API records. */
export const SHAPE_KEYS = [
  'result', '_raw', 'category', 'properties', 'RawEventData', 'auditData', 'AuditData', 'Type', 'ConditionalAccessStatus',
  'conditionalAccessStatus', 'OperationName', 'activityDisplayName', 'InitiatedBy', 'initiatedBy', 'NetworkMessageId', 'SenderFromAddress',
  'OfficeWorkload', 'TimeGenerated',
]; // prettier-ignore
const INNER = ['Name', 'Value', 'FolderItems'];
// Keys by a hash of their bytes into a small open-addressing table: slot -> key number + 1. A key both kept
// at the top and read inside (Name) has one number.
const KEYS = [...new Set([...KEPT, ...SHAPE_KEYS, ...INNER])];
const [NAME, VALUE, FOLDER_ITEMS] = INNER.map((key) => KEYS.indexOf(key));
const OPERATION_PROPERTIES = KEPT.indexOf('OperationProperties');
const FOLDERS = KEPT.indexOf('Folders');

const KEY_BYTES = KEYS.map((key) => Uint8Array.from(key, (c) => c.charCodeAt(0)));
const TABLE = new Int16Array(256);
const hashOf = (text: string) =>
  sampledHash(
    Uint8Array.from(text, (c) => c.charCodeAt(0)),
    0,
    text.length,
  );
KEYS.forEach((key, n) => {
  let slot = hashOf(key) & 255;
  while (TABLE[slot] !== 0) slot = (slot + 1) & 255;
  TABLE[slot] = n + 1;
});

// A hash of a few of the bytes and their count: every lookup compares the bytes in full, so a weak hash
// costs a collision now and then, where hashing every byte would cost every lookup.
function sampledHash(data: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 0) return 0;
  let h = Math.imul(n, 0x9e3779b1) ^ data[start] ^ (data[end - 1] << 8) ^ (data[start + (n >> 1)] << 16) ^ (data[start + (n >> 2)] << 24);
  h = Math.imul(h ^ data[end - 1 - (n >> 2)], 0x85ebca6b);
  return h ^ (h >>> 13);
}
const ascii = (bytes: Uint8Array) => String.fromCharCode.apply(null, bytes as unknown as number[]);

// ASCII values from the bytes, through a direct-mapped cache keyed by a hash of the bytes and checked
// against them: a tenant's Ids, applications, users and addresses recur, and a hit makes no string at all.
// A miss builds its string from a preallocated plain array of its length (String.fromCharCode.apply reads a
// plain array directly, where from a typed array it first builds the argument list).
const CACHE_SLOTS = 4096;
const cache: string[] = new Array<string>(CACHE_SLOTS).fill('');
const RUNS: number[][] = Array.from({ length: 65 }, (_, n) => new Array<number>(n).fill(0));
function asciiText(data: Uint8Array, start: number, end: number): string {
  const n = end - start;
  const slot = sampledHash(data, start, end) & (CACHE_SLOTS - 1);
  const cached = cache[slot];
  if (cached.length === n) {
    let k = 0;
    while (k < n && cached.charCodeAt(k) === data[start + k]) k++;
    if (k === n) return cached;
  }
  let made: string;
  if (n < RUNS.length) {
    const run = RUNS[n];
    for (let k = 0; k < n; k++) run[k] = data[start + k];
    made = String.fromCharCode.apply(null, run);
  } else made = ascii(data.subarray(start, end));
  cache[slot] = made;
  return made;
}

const FAIL = -1;
const OTHER = -2;
const EMPTY: Uint8Array = new Uint8Array(0);
// The record being read and its tape, in module variables: no object per record.
let bytes = EMPTY;
let decode: (bytes: Uint8Array) => string = () => '';
let textStart = 0;
let textEnd = 0;
// The last string as a key number in KEYS, or OTHER.
function lookup(): number {
  const length = textEnd - textStart;
  for (let slot = sampledHash(bytes, textStart, textEnd) & 255; TABLE[slot] !== 0; slot = (slot + 1) & 255) {
    const known = KEY_BYTES[TABLE[slot] - 1];
    if (known.length !== length) continue;
    let k = 0;
    while (k < length && known[k] === bytes[textStart + k]) k++;
    if (k === length) return TABLE[slot] - 1;
  }
  return OTHER;
}

const isShapeKey = (key: number) => key >= KEPT.length && key < KEPT.length + SHAPE_KEYS.length;

// The tape: five numbers an entry, start, end, key start, key end, info (kind, depth, flags, children).
const STRING = 1;
const NUMBER = 2;
const OBJECT = 6;
const ARRAY = 7;
const HAS_ESCAPES = 1 << 8;
const NON_ASCII = 2 << 8;
const KEY_ESCAPED = 4 << 8;
let tape: Int32Array = new Int32Array(0);
const kindAt = (e: number) => tape[e * 5 + 4] & 15;
const depthAt = (e: number) => (tape[e * 5 + 4] >> 4) & 15;
const childrenAt = (e: number) => tape[e * 5 + 4] >>> 12;

/** The members normalise.ts reads of the JSON record in `record`, as JSON.parse would give them; null when unsure. */
export function readRecordFields(record: Uint8Array, decodeUtf8: (bytes: Uint8Array) => string): Row | null {
  const found = jsonTape(record);
  if (!found) return null;
  bytes = record;
  decode = decodeUtf8;
  tape = found.tape;
  const row = rowOfTape(found.entries);
  bytes = EMPTY;
  return row;
}

// Entry e's key as a number in KEYS (OTHER for another), FAIL when it has escapes.
function keyAt(e: number): number {
  if (tape[e * 5 + 4] & KEY_ESCAPED) return FAIL;
  textStart = tape[e * 5 + 2];
  textEnd = tape[e * 5 + 3];
  return lookup();
}

// Entry e as JSON.parse gives it when it is a string without escapes, a number, true, false or null.
function scalarAt(e: number): unknown {
  const kind = kindAt(e);
  const start = tape[e * 5];
  const end = tape[e * 5 + 1];
  if (kind === STRING) {
    if (tape[e * 5 + 4] & HAS_ESCAPES) return undefined;
    return tape[e * 5 + 4] & NON_ASCII ? decode(bytes.subarray(start + 1, end - 1)) : asciiText(bytes, start + 1, end - 1);
  }
  if (kind === NUMBER) return Number(asciiText(bytes, start, end));
  return kind === 3 ? true : kind === 4 ? false : kind === 5 ? null : undefined;
}

// The entries under e (deeper than it, up to the next at its depth): from e + 1 to the returned end.
function under(e: number, entries: number): number {
  const depth = depthAt(e);
  let next = e + 1;
  while (next < entries && depthAt(next) > depth) next++;
  return next;
}

function rowOfTape(entries: number): Row | null {
  if (entries < 1 || kindAt(0) !== OBJECT) return null;
  const row: Row = {};
  let seen = 0;
  for (let e = 1; e < entries;) {
    const key = keyAt(e);
    const next = under(e, entries);
    if (key === FAIL || isShapeKey(key)) return null;
    if (key >= 0 && key < KEPT.length) {
      if (seen & (1 << key)) return null;
      seen |= 1 << key;
      const value = kindAt(e) !== ARRAY ? scalarAt(e) : key === OPERATION_PROPERTIES ? propertiesAt(e, next) : key === FOLDERS ? foldersAt(e, next) : undefined;
      if (value === undefined) return null;
      row[KEPT[key]] = value;
    }
    e = next;
  }
  return row;
}

function propertiesAt(array: number, end: number): unknown[] | undefined {
  const items: unknown[] = [];
  for (let e = array + 1; e < end;) {
    const next = under(e, end);
    if (kindAt(e) !== OBJECT) {
      const value = scalarAt(e);
      if (value === undefined) return undefined;
      items.push(value);
    } else {
      const item: Row = {};
      for (let m = e + 1; m < next; m = under(m, next)) {
        const key = keyAt(m);
        if (key === FAIL) return undefined;
        if (key !== NAME && key !== VALUE) continue;
        const name = key === NAME ? 'Name' : 'Value';
        const value = name in item ? undefined : scalarAt(m);
        if (value === undefined) return undefined;
        item[name] = value;
      }
      items.push(item);
    }
    e = next;
  }
  return items;
}

function foldersAt(array: number, end: number): unknown[] | undefined {
  const list: unknown[] = [];
  for (let e = array + 1; e < end;) {
    const next = under(e, end);
    if (kindAt(e) !== OBJECT) list.push(null);
    else {
      let items = -1;
      for (let m = e + 1; m < next; m = under(m, next)) {
        const key = keyAt(m);
        if (key === FAIL || (key === FOLDER_ITEMS && items !== -1)) return undefined;
        if (key === FOLDER_ITEMS) items = kindAt(m) === ARRAY ? childrenAt(m) : -2;
      }
      list.push(items >= 0 ? { FolderItems: new Array<undefined>(items) } : {});
    }
    e = next;
  }
  return list;
}
