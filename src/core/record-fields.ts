// The fields the rule reads of a JSON audit record, found on its bytes in one pass, without decoding the
// record or building its object. The pass is a JSON validator (no looser than JSON.parse) that keeps the
// top-level members normalise.ts reads, as the values JSON.parse would give them.
//
// Anything it is not sure of answers null, for the caller to parse the record as before: a record that is
// not valid JSON or not one object, an escape in a kept value or in any top-level key, a kept key met twice
// (JSON.parse keeps the last), a key by which formats.ts would take the row for another shape, a kept value
// that is an object, nesting deeper than MAX_DEPTH. So an answer is what JSON.parse would have given, by
// construction; test/core/record-fields.test.ts holds the two paths to it over every fixture and generated
// hostile records. Of OperationProperties it keeps each item's Name and Value; of Folders only the shape
// normalise.ts counts (each folder, and its FolderItems as an array of that length).
//
// Not wired into the reader: in JavaScript it is slower than decoding and JSON.parse (docs/performance.md,
// "Field extraction on bytes"). Touching each byte of a 1.5 KB record in a JavaScript loop costs about what
// V8's JSON.parse costs for the whole record; a byte path pays only as a WebAssembly pass, for which this
// module and its test are the specification.

import type { Row } from './formats.ts';

/** The top-level keys normalise.ts reads. */
const KEPT = [
  'CreationTime', 'Id', 'Identity', 'RecordId', 'OfficeId', 'id', 'Operation', 'Workload', 'OrganizationId', 'AppId', 'ClientAppId',
  'ClientInfoString', 'UserId', 'MailboxOwnerUPN', 'MailboxGuid', 'ClientIPAddress', 'ClientIP', 'Client_IPAddress', 'OperationCount',
  'OperationProperties', 'Folders',
]; // prettier-ignore
/** Keys formats.ts's row tests read before a row is taken for Management Activity API records. */
export const SHAPE_KEYS = [
  'result', '_raw', 'category', 'properties', 'RawEventData', 'auditData', 'AuditData', 'Type', 'ConditionalAccessStatus',
  'conditionalAccessStatus', 'OperationName', 'activityDisplayName', 'InitiatedBy', 'initiatedBy', 'NetworkMessageId', 'SenderFromAddress',
  'OfficeWorkload', 'TimeGenerated',
]; // prettier-ignore
const INNER = ['Name', 'Value', 'FolderItems'];
const [NAME, VALUE, FOLDER_ITEMS] = INNER.map((_, n) => KEPT.length + SHAPE_KEYS.length + n);
const OPERATION_PROPERTIES = KEPT.indexOf('OperationProperties');
const FOLDERS = KEPT.indexOf('Folders');
const MAX_DEPTH = 64;

// Keys by a hash of their bytes into a small open-addressing table: slot -> key number + 1.
const KEYS = [...KEPT, ...SHAPE_KEYS, ...INNER];
const KEY_BYTES = KEYS.map((key) => Uint8Array.from(key, (c) => c.charCodeAt(0)));
const TABLE = new Int16Array(256);
const hashOf = (text: string) => [...text].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 0);
KEYS.forEach((key, n) => {
  let slot = hashOf(key) & 255;
  while (TABLE[slot] !== 0) slot = (slot + 1) & 255;
  TABLE[slot] = n + 1;
});

// What ends a plain run of string bytes: the quote, a backslash, a control character JSON refuses (1); a
// byte of a non-ASCII character (2).
// end, at(i) is undefined: no table holds 1 there, so every loop stops and the pass fails.
const STOPS = Uint8Array.from({ length: 256 }, (_, b) => (b === 0x22 || b === 0x5c || b < 0x20 ? 1 : b >= 0x80 ? 2 : 0));
const SPACE = Uint8Array.from({ length: 256 }, (_, b) => (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d ? 1 : 0));
const ESCAPES = Uint8Array.from({ length: 256 }, (_, b) => ('"\\/bfnrtu'.includes(String.fromCharCode(b)) ? 1 : 0));
const HEX = Uint8Array.from({ length: 256 }, (_, b) => (/[0-9a-fA-F]/.test(String.fromCharCode(b)) ? 1 : 0));
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const ascii = (bytes: Uint8Array) => String.fromCharCode.apply(null, bytes as unknown as number[]);

const FAIL = -1;
const OTHER = -2;
const TRUE = asciiOf('true');
const FALSE = asciiOf('false');
const NULL = asciiOf('null');
function asciiOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

// One pass over one record's bytes, its state in module variables (no object per record). Objects and
// arrays are walked by open() and step() in the caller's own loop, no closure per value; every function
// answers where what it read ends, or FAIL.
const EMPTY: Uint8Array = new Uint8Array(0);
let bytes = EMPTY;
let length = 0;
let decode: (bytes: Uint8Array) => string = () => '';
// Every read goes through at(): past the end it answers 0, which no table admits, so the pass fails there.
// Reading a typed array past its end would instead make V8 compile every read as one that may (4x slower).
const at = (i: number): number => (i < length ? bytes[i] : 0);
/** Whether the object or array open() or step() reached is at its end. */
let done = false;
/** The last key's number in KEYS (OTHER for another, FAIL when it has escapes). */
let keyNumber = 0;
/** The last string: where its contents start and end, whether they hold escapes or non-ASCII bytes. */
let textStart = 0;
let textEnd = 0;
let escaped = false;
let wide = false;
/** The last scalar read, as JSON.parse gives it (undefined when it is not read here). */
let value: unknown;

function space(i: number): number {
  while (i < length && SPACE[bytes[i]] === 1) i++;
  return i;
}

// Past the { or [ at i, to its first member or element (done when there is none).
function open(i: number): number {
  const close = at(i) + 2; // } or ]
  i = space(i + 1);
  done = at(i) === close;
  return done ? i + 1 : i;
}

// Past a value ending at i: to the next member or element, or past `close` (done).
function step(i: number, close: number): number {
  i = space(i);
  done = at(i) === close;
  if (done) return i + 1;
  return at(i) === 0x2c ? space(i + 1) : FAIL;
}

// A member's key at i and its colon: to its value, the key's number in keyNumber.
function readKey(i: number): number {
  if (at(i) !== 0x22 || (i = string(i)) === FAIL) return FAIL;
  keyNumber = escaped ? FAIL : lookup();
  i = space(i);
  return at(i) === 0x3a ? space(i + 1) : FAIL;
}

// A string whose opening quote is at i. Its plain runs are read in a loop over locals (faster than at()).
function string(i: number): number {
  const data = bytes;
  const n = length;
  let nonAscii = false;
  let escapes = false;
  textStart = ++i;
  for (;;) {
    let kind = 1;
    while (i < n && (kind = STOPS[data[i]]) === 0) i++;
    if (kind === 2) {
      nonAscii = true;
      i++;
    } else if (i >= n) return FAIL;
    else if (data[i] === 0x22) break;
    else if (data[i] === 0x5c) {
      escapes = true;
      const e = at(i + 1);
      if (ESCAPES[e] !== 1) return FAIL;
      if (e === 0x75 && !(HEX[at(i + 2)] & HEX[at(i + 3)] & HEX[at(i + 4)] & HEX[at(i + 5)])) return FAIL;
      i += e === 0x75 ? 6 : 2;
    } else return FAIL; // a control character
  }
  textEnd = i;
  wide = nonAscii;
  escaped = escapes;
  return i + 1;
}

// Any value at i; `depth` bounds nesting.
function skip(i: number, depth: number): number {
  const b = at(i);
  if (b === 0x22) return string(i);
  if (b !== 0x7b && b !== 0x5b) return literal(i);
  if (depth >= MAX_DEPTH) return FAIL;
  const close = b + 2; // } or ]
  for (i = open(i); !done;) {
    if (b === 0x7b && (i = readKey(i)) === FAIL) return FAIL;
    if ((i = skip(i, depth + 1)) === FAIL || (i = step(i, close)) === FAIL) return FAIL;
  }
  return i;
}

// A number, true, false or null at i.
function literal(i: number): number {
  const b = at(i);
  if (b === 0x74 || b === 0x66 || b === 0x6e) {
    const word = b === 0x74 ? TRUE : b === 0x66 ? FALSE : NULL;
    for (let k = 1; k < word.length; k++) if (at(i + k) !== word[k]) return FAIL;
    return i + word.length;
  }
  if (b === 0x2d) i++;
  if (at(i) === 0x30) i++;
  else if (isDigit(at(i))) while (isDigit(at(i))) i++;
  else return FAIL;
  if (at(i) === 0x2e) {
    if (!isDigit(at(++i))) return FAIL;
    while (isDigit(at(i))) i++;
  }
  if (at(i) === 0x65 || at(i) === 0x45) {
    i++;
    if (at(i) === 0x2b || at(i) === 0x2d) i++;
    if (!isDigit(at(i))) return FAIL;
    while (isDigit(at(i))) i++;
  }
  return i;
}

// A string, number, true, false or null at i, into `value`; FAIL for an object, an array, a string with
// escapes, or invalid JSON.
function scalar(i: number): number {
  const b = at(i);
  if (b === 0x7b || b === 0x5b) return FAIL;
  const end = skip(i, 0);
  if (end === FAIL) return FAIL;
  if (b === 0x22) {
    if (escaped) return FAIL;
    const inner = bytes.subarray(textStart, textEnd);
    value = wide ? decode(inner) : ascii(inner);
  } else value = b === 0x74 ? true : b === 0x66 ? false : b === 0x6e ? null : Number(ascii(bytes.subarray(i, end)));
  return end;
}

// The last string as a key number in KEYS, or OTHER.
function lookup(): number {
  const length = textEnd - textStart;
  let h = 0;
  for (let k = textStart; k < textEnd; k++) h = (Math.imul(h, 31) + bytes[k]) | 0;
  for (let slot = h & 255; TABLE[slot] !== 0; slot = (slot + 1) & 255) {
    const known = KEY_BYTES[TABLE[slot] - 1];
    if (known.length !== length) continue;
    let k = 0;
    while (k < length && known[k] === at(textStart + k)) k++;
    if (k === length) return TABLE[slot] - 1;
  }
  return OTHER;
}

const isShapeKey = (key: number) => key >= KEPT.length && key < KEPT.length + SHAPE_KEYS.length;

/** The members normalise.ts reads of the JSON record in `bytes`, as JSON.parse would give them; null when unsure. */
export function readRecordFields(record: Uint8Array, decodeUtf8: (bytes: Uint8Array) => string): Row | null {
  bytes = record;
  length = record.length;
  decode = decodeUtf8;
  let i = space(0);
  if (at(i) !== 0x7b) return null;
  const row: Row = {};
  let seen = 0;
  for (i = open(i); !done;) {
    if ((i = readKey(i)) === FAIL) return null;
    const key = keyNumber;
    if (key === FAIL || isShapeKey(key)) return null;
    if (key === OTHER || key >= KEPT.length) i = skip(i, 1);
    else {
      if (seen & (1 << key)) return null;
      seen |= 1 << key;
      i = key === OPERATION_PROPERTIES ? operationProperties(i) : key === FOLDERS ? folders(i) : scalar(i);
      row[KEPT[key]] = value;
    }
    if (i === FAIL || (i = step(i, 0x7d)) === FAIL) return null;
  }
  const whole = space(i) === bytes.length;
  bytes = EMPTY; // not held past the call
  return whole ? row : null;
}

// [{Name, Value}, ...] as items of those two alone; other items and a string (Sentinel's JSON text) as they
// are. Into value.
function operationProperties(i: number): number {
  if (at(i) !== 0x5b) return scalar(i);
  const items: unknown[] = [];
  for (i = open(i); !done;) {
    if (at(i) !== 0x7b) {
      if ((i = scalar(i)) === FAIL) return FAIL;
      items.push(value);
    } else {
      const item: Row = {};
      for (i = open(i); !done;) {
        if ((i = readKey(i)) === FAIL) return FAIL;
        const key = keyNumber;
        if (key === FAIL) return FAIL;
        if (key !== NAME && key !== VALUE) i = skip(i, 3);
        else {
          const name = key === NAME ? 'Name' : 'Value';
          if (name in item || (i = scalar(i)) === FAIL) return FAIL;
          item[name] = value;
        }
        if (i === FAIL || (i = step(i, 0x7d)) === FAIL) return FAIL;
      }
      items.push(item);
    }
    if ((i = step(i, 0x5d)) === FAIL) return FAIL;
  }
  value = items;
  return i;
}

// What normalise.ts counts of Folders: each folder, as an object holding FolderItems as an array of as many
// (empty) slots when it has that array; anything else as null, which counts as a folder of no items.
function folders(i: number): number {
  if (at(i) !== 0x5b) return at(i) === 0x7b ? FAIL : scalar(i);
  const list: unknown[] = [];
  for (i = open(i); !done;) {
    if (at(i) !== 0x7b) {
      list.push(null);
      i = skip(i, 2);
    } else {
      let items = -1; // -1: no FolderItems; -2: one that is not an array
      for (i = open(i); !done;) {
        if ((i = readKey(i)) === FAIL) return FAIL;
        const key = keyNumber;
        if (key === FAIL || (key === FOLDER_ITEMS && items !== -1)) return FAIL;
        if (key !== FOLDER_ITEMS || at(i) !== 0x5b) {
          if (key === FOLDER_ITEMS) items = -2;
          i = skip(i, 3);
        } else {
          items = 0;
          for (i = open(i); !done; items++) {
            if ((i = skip(i, 4)) === FAIL || (i = step(i, 0x5d)) === FAIL) return FAIL;
          }
        }
        if (i === FAIL || (i = step(i, 0x7d)) === FAIL) return FAIL;
      }
      list.push(items >= 0 ? { FolderItems: new Array<undefined>(items) } : {});
    }
    if (i === FAIL || (i = step(i, 0x5d)) === FAIL) return FAIL;
  }
  value = list;
  return i;
}
