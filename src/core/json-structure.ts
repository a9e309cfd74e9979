// The structural scanner behind json-records.ts: depth, strings and escapes on raw bytes (structural bytes
// are ASCII, so scanning UTF-8 bytes is exact), which finds records in every JSON shape the exports take:
// concatenated objects, arrays (appended or not), a wrapper object whose array holds the records, and Log
// Analytics tables, whose "columns" array goes to the sink before its rows. It hands everything it finds
// over: only the line splitter (json-lines.ts) skips records. Damage is reported with its line and reading
// resumes at the next line that starts a record.

import { isSpace } from './json-lines.ts';
import { Carry, MAX_RECORD_BYTES, type RecordSink } from './record-sink.ts';

const ARRAY = 0;
const OBJECT = 1;
const RECORD_ARRAY = 2; // an array whose object elements are records
const TOP_OBJECT = 3; // a top-level object: a record, unless it turns out to be a wrapper of records
const TABLES = 4; // Log Analytics: the "tables" array
const TABLE = 5; // one table object: "columns" and "rows"
const ROWS = 6; // an array whose array elements are records

const MAX_DEPTH = 512;
const LF = 0x0a;
/** Keys of a top-level wrapper object whose array holds the records. */
const PAGE_KEYS = new Set(['value', 'records', 'Results', 'results']);
const KEY_LENGTH = 8; // longer keys are none of the above

export interface JsonScanner {
  /** Reads a chunk; answers -1, or where JSON lines begin once the first record was one line (read no further). */
  write(chunk: Uint8Array): number;
  end(): void;
  /** The line the next byte is on. */
  line(): number;
  /** What the records sit in ('' before the first). */
  describe(): string;
}

export function createJsonScanner(sink: RecordSink): JsonScanner {
  let line = 1;
  const carry = new Carry();
  const stack: number[] = [];
  let inString = false;
  let escaped = false;
  let recordDepth = 0; // stack depth of the open record, 0 when none
  let recordLine = 0;
  let start = -1; // where the open record's bytes begin in the chunk being read, -1 when not in it
  let columnsOpen = false; // the open "record" is a table's columns array
  let recordsSeen = 0;
  let oneLineRecord = false; // the first record opened and closed on one line at top level
  let resyncing = false; // skipping to the next line that starts a record
  let atLineStart = true;
  let key: string | null = null; // a short string being read where wrapper keys matter
  let lastKey = '';
  let topArrays = 0;
  let pages = 0;
  let pageKey = '';
  let tables = 0;

  const top = () => (stack.length ? stack[stack.length - 1] : -1);

  function broken(at: number, message: string) {
    sink.broken(at, message);
    stack.length = 0;
    inString = false;
    escaped = false;
    recordDepth = 0;
    start = -1;
    columnsOpen = false;
    carry.clear();
    resyncing = true;
    atLineStart = false;
  }

  function tooDeep(): boolean {
    if (stack.length < MAX_DEPTH) return false;
    broken(recordLine || line, `nested deeper than ${MAX_DEPTH} levels`);
    return true;
  }

  function openRecord(at: number, columns: boolean) {
    recordDepth = stack.length;
    recordLine = line;
    start = at;
    columnsOpen = columns;
  }

  function openObject(at: number) {
    const parent = top();
    if (tooDeep()) return;
    stack.push(parent === -1 ? TOP_OBJECT : parent === TABLES ? TABLE : OBJECT);
    if (!recordDepth && (parent === -1 || parent === RECORD_ARRAY)) openRecord(at, false);
  }

  function openArray(at: number) {
    const parent = top();
    if (tooDeep()) return;
    if (parent === -1) {
      topArrays++;
      stack.push(RECORD_ARRAY);
    } else if (parent === TOP_OBJECT && stack.length === 1 && (PAGE_KEYS.has(lastKey) || lastKey === 'tables')) openWrapped();
    else if (parent === TABLE && lastKey === 'rows') stack.push(ROWS);
    else {
      stack.push(ARRAY);
      if (!recordDepth && (parent === ROWS || (parent === TABLE && lastKey === 'columns'))) openRecord(at, parent === TABLE);
    }
  }

  // The top-level object is a wrapper, not a record: this array holds the records (or tables of them).
  function openWrapped() {
    recordDepth = 0;
    start = -1;
    carry.clear();
    if (lastKey === 'tables') tables++;
    else {
      pages++;
      pageKey = lastKey;
    }
    stack.push(lastKey === 'tables' ? TABLES : RECORD_ARRAY);
  }

  function close(chunk: Uint8Array, b: number, at: number) {
    const open = top();
    const closesObject = b === 0x7d;
    if (open === -1 && !closesObject) return; // a stray ] left over from skipping damage
    if (open === -1 || closesObject !== (open === OBJECT || open === TOP_OBJECT || open === TABLE)) {
      return broken(recordLine || line, `unexpected '${String.fromCharCode(b)}'`);
    }
    stack.pop();
    if (!recordDepth || stack.length !== recordDepth - 1) return;
    const bytes = carry.take(chunk.subarray(start, at + 1));
    if (recordsSeen++ === 0 && stack.length === 0 && recordLine === line) oneLineRecord = true;
    recordDepth = 0;
    start = -1;
    if (!columnsOpen) return sink.record(bytes, recordLine);
    columnsOpen = false;
    sink.columns?.(bytes, recordLine);
  }

  // Any other byte outside strings: between records only whitespace and commas may stand.
  function other(b: number) {
    if (recordDepth || isSpace(b) || b === 0x2c) return;
    const open = top();
    if (open === -1 || open === RECORD_ARRAY || open === ROWS) broken(line, 'text outside any JSON record');
  }

  function write(chunk: Uint8Array): number {
    start = recordDepth ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === LF) {
        if (inString) broken(recordLine || line, 'line break inside a string: the record is cut short');
        line++;
        atLineStart = true;
        if (oneLineRecord && stack.length === 0) return i + 1;
        continue;
      }
      if (resyncing && !(atLineStart && (b === 0x7b || b === 0x5b))) {
        if (!isSpace(b)) atLineStart = false;
        continue;
      }
      resyncing = false;
      atLineStart = false;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) {
          inString = false;
          lastKey = key ?? '';
          key = null;
        } else if (key !== null) key = key.length < KEY_LENGTH ? key + String.fromCharCode(b) : null;
        continue;
      }
      if (b === 0x22) {
        inString = true;
        key = (stack.length === 1 && top() === TOP_OBJECT) || top() === TABLE ? '' : null;
      } else if (b === 0x7b) openObject(i);
      else if (b === 0x5b) openArray(i);
      else if (b === 0x7d || b === 0x5d) close(chunk, b, i);
      else other(b);
    }
    if (recordDepth) {
      carry.push(chunk.subarray(start === -1 ? 0 : start));
      if (carry.length > MAX_RECORD_BYTES) broken(recordLine, `record larger than ${MAX_RECORD_BYTES >> 20} MB; skipped`);
    }
    return -1;
  }

  return {
    write,
    end() {
      if (recordDepth) sink.broken(recordLine, 'the file ends inside this record: it is cut short');
      else if (inString) sink.broken(line, 'the file ends inside a string');
      carry.clear();
    },
    line: () => line,
    describe() {
      if (tables) return 'Log Analytics query API response';
      if (pages) return pages > 1 ? `${pages} {"${pageKey}": [...]} pages` : `{"${pageKey}": [...]} page`;
      if (topArrays) return topArrays > 1 ? `${topArrays} JSON arrays appended` : 'JSON array';
      return recordsSeen ? 'JSON objects' : '';
    },
  };
}
