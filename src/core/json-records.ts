// Finds the audit records in a JSON byte stream without parsing them, so the reader can skip most records
// undecoded. Handles every JSON shape the exports take:
//   JSON lines / concatenated objects          {...}\n{...}
//   an array, or several arrays appended        [{...},{...}]\n[{...}]
//   a wrapper with an array of records          {"@odata.context": "...", "value": [{...}]} (Graph),
//                                               {"records": [...]} (Defender streaming API),
//                                               {"Schema": [...], "Results": [...]} (advanced hunting API)
//   Log Analytics query API tables              {"tables": [{"columns": [{"name"}], "rows": [[...]]}]}:
//                                               each row array is a record, its columns handed over first
// It starts as a structural scanner (depth, strings, escapes; structural bytes are ASCII, so scanning
// UTF-8 bytes is exact). Once the first record proves the file is JSON lines it switches to splitting on
// newlines with native indexOf, which is several times faster. Damage is reported with its line and
// reading resumes at the next line that starts a record.

import { byteSearch } from './bytes.ts';
import { jsonLineSkipper, type LineStop } from './simd-search.ts';
import { Carry, MAX_RECORD_BYTES, type RecordSink, type Splitter } from './record-sink.ts';

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

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

// The test emitLine makes: once trimmed, a record line opens with { and closes with }.
function wholeRecord(bytes: Uint8Array, a: number, z: number): boolean {
  while (a < z && isSpace(bytes[a])) a++;
  while (z > a && isSpace(bytes[z - 1])) z--;
  return a < z && bytes[a] === 0x7b && bytes[z - 1] === 0x7d;
}

export function createJsonSplitter(sink: RecordSink): Splitter & { describe(): string } {
  let line = 1;
  let mode: 'structural' | 'lines' = 'structural';
  const carry = new Carry();

  // Structural state.
  const stack: number[] = [];
  let inString = false;
  let escaped = false;
  let recordDepth = 0; // stack depth of the open record, 0 when none
  let recordLine = 0;
  let recordsSeen = 0;
  let oneLineRecord = false; // the first record opened and closed on one line at top level
  let resyncing = false; // skipping to the next line that starts a record
  let atLineStart = true;
  let key: string | null = null; // a short string being read where wrapper keys matter
  let lastKey = '';
  let columnsOpen = false; // the open "record" is a table's columns array

  let topArrays = 0;
  let pages = 0;
  let pageKey = '';
  let tables = 0;

  // Line-mode state.
  let oversizeLine = false;
  const { filter } = sink;
  const find = filter ? byteSearch(filter.needle) : null;
  const skipApiLines = filter ? jsonLineSkipper(filter.needle, filter.alsoOneOf) : null;
  const skipNeedleLines = filter ? jsonLineSkipper(filter.needle) : null;
  const stop: LineStop = { start: 0, skipped: 0, newline: -1, hit: -2 };

  function broken(at: number, message: string) {
    sink.broken(at, message);
    stack.length = 0;
    inString = false;
    escaped = false;
    recordDepth = 0;
    columnsOpen = false;
    carry.clear();
    resyncing = true;
    atLineStart = false;
  }

  function structural(chunk: Uint8Array, from: number): void {
    let start = recordDepth ? from : -1; // where the open record's bytes begin in this chunk
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === LF) {
        if (inString) {
          broken(recordLine || line, 'line break inside a string: the record is cut short');
          start = -1;
        }
        line++;
        atLineStart = true;
        if (oneLineRecord && stack.length === 0) {
          mode = 'lines';
          lines(chunk, i + 1);
          return;
        }
        continue;
      }
      if (resyncing) {
        if (atLineStart && (b === 0x7b || b === 0x5b)) resyncing = false;
        else {
          if (!isSpace(b)) atLineStart = false;
          continue;
        }
      }
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
      switch (b) {
        case 0x22: {
          // "
          inString = true;
          const top = stack.length ? stack[stack.length - 1] : -1;
          key = (stack.length === 1 && top === TOP_OBJECT) || top === TABLE ? '' : null;
          break;
        }
        case 0x7b: {
          // {
          const parent = stack.length ? stack[stack.length - 1] : -1;
          if (stack.length >= MAX_DEPTH) {
            broken(recordLine || line, `nested deeper than ${MAX_DEPTH} levels`);
            start = -1;
            break;
          }
          stack.push(parent === -1 ? TOP_OBJECT : parent === TABLES ? TABLE : OBJECT);
          if (!recordDepth && (parent === -1 || parent === RECORD_ARRAY)) {
            recordDepth = stack.length;
            recordLine = line;
            start = i;
          }
          break;
        }
        case 0x5b: {
          // [
          const parent = stack.length ? stack[stack.length - 1] : -1;
          if (stack.length >= MAX_DEPTH) {
            broken(recordLine || line, `nested deeper than ${MAX_DEPTH} levels`);
            start = -1;
            break;
          }
          if (parent === -1) {
            topArrays++;
            stack.push(RECORD_ARRAY);
          } else if (parent === TOP_OBJECT && stack.length === 1 && (PAGE_KEYS.has(lastKey) || lastKey === 'tables')) {
            // The top-level object is a wrapper, not a record: this array holds the records (or tables of them).
            recordDepth = 0;
            start = -1;
            carry.clear();
            if (lastKey === 'tables') tables++;
            else {
              pages++;
              pageKey = lastKey;
            }
            stack.push(lastKey === 'tables' ? TABLES : RECORD_ARRAY);
          } else if (parent === TABLE && lastKey === 'rows') stack.push(ROWS);
          else {
            stack.push(ARRAY);
            if (!recordDepth && (parent === ROWS || (parent === TABLE && lastKey === 'columns'))) {
              recordDepth = stack.length;
              recordLine = line;
              start = i;
              columnsOpen = parent === TABLE;
            }
          }
          break;
        }
        case 0x7d: // }
        case 0x5d: {
          // ]
          const top = stack.length ? stack[stack.length - 1] : -1;
          const closesObject = b === 0x7d;
          if (top === -1 && !closesObject) break; // a stray ] left over from skipping damage
          if (top === -1 || closesObject !== (top === OBJECT || top === TOP_OBJECT || top === TABLE)) {
            broken(recordLine || line, `unexpected '${String.fromCharCode(b)}'`);
            start = -1;
            break;
          }
          stack.pop();
          if (recordDepth && stack.length === recordDepth - 1) {
            const bytes = carry.take(chunk.subarray(start, i + 1));
            if (recordsSeen++ === 0 && stack.length === 0 && recordLine === line) oneLineRecord = true;
            recordDepth = 0;
            start = -1;
            if (columnsOpen) {
              columnsOpen = false;
              sink.columns?.(bytes, recordLine);
            } else sink.record(bytes, recordLine);
          }
          break;
        }
        default:
          if (!recordDepth && !isSpace(b) && b !== 0x2c) {
            const top = stack.length ? stack[stack.length - 1] : -1;
            if (top === -1 || top === RECORD_ARRAY || top === ROWS) {
              broken(line, 'text outside any JSON record');
              start = -1;
            }
          }
      }
    }
    if (recordDepth) {
      carry.push(chunk.subarray(start === -1 ? from : start));
      if (carry.length > MAX_RECORD_BYTES) broken(recordLine, `record larger than ${MAX_RECORD_BYTES >> 20} MB; skipped`);
    }
  }

  function lines(chunk: Uint8Array, from: number): void {
    let p = from;
    let hit = -2; // the first needle at or after p in this chunk once searched, -1 when there is none
    for (;;) {
      let nl: number;
      const skipLines = filter?.skippingAlso ? skipApiLines : skipNeedleLines;
      if (skipLines && filter!.skipping && !carry.length && !oversizeLine && skipLines(chunk, p, hit, stop)) {
        // Whole records without the needle skipped in WebAssembly, up to a line the checks below handle.
        filter!.skipped += stop.skipped;
        line += stop.skipped;
        p = stop.start;
        hit = stop.hit;
        nl = stop.newline;
      } else nl = chunk.indexOf(LF, p);
      if (nl === -1) {
        if (oversizeLine) return;
        carry.push(chunk.subarray(p));
        if (carry.length > MAX_RECORD_BYTES) {
          sink.broken(line, `record larger than ${MAX_RECORD_BYTES >> 20} MB; skipped`);
          carry.clear();
          oversizeLine = true;
        }
        return;
      }
      if (oversizeLine) oversizeLine = false;
      else if (find && !carry.length) {
        // A whole record without the needle is counted in place, never cut out of the chunk.
        if (hit !== -1 && hit < p) hit = find(chunk, p);
        if (filter!.skipping && (hit === -1 || hit >= nl) && wholeRecord(chunk, p, nl)) filter!.skipped++;
        else emitLine(chunk.subarray(p, nl));
      } else emitLine(carry.take(chunk.subarray(p, nl)));
      line++;
      p = nl + 1;
    }
  }

  function emitLine(bytes: Uint8Array): void {
    let a = 0;
    let z = bytes.length;
    while (a < z && isSpace(bytes[a])) a++;
    while (z > a && isSpace(bytes[z - 1])) z--;
    if (a === z) return;
    if (bytes[a] === 0x7b && bytes[z - 1] === 0x7d) sink.record(bytes.subarray(a, z), line);
    else sink.broken(line, 'not a whole JSON record (cut short or damaged)');
  }

  return {
    describe() {
      if (mode === 'lines') return 'JSON lines';
      if (tables) return 'Log Analytics query API response';
      if (pages) return pages > 1 ? `${pages} {"${pageKey}": [...]} pages` : `{"${pageKey}": [...]} page`;
      if (topArrays) return topArrays > 1 ? `${topArrays} JSON arrays appended` : 'JSON array';
      return recordsSeen ? 'JSON objects' : '';
    },
    write(chunk) {
      if (mode === 'lines') lines(chunk, 0);
      else structural(chunk, 0);
    },
    end() {
      if (mode === 'lines') {
        if (!oversizeLine && carry.length) emitLine(carry.take(new Uint8Array(0)));
        return;
      }
      if (recordDepth) sink.broken(recordLine, 'the file ends inside this record: it is cut short');
      else if (inString) sink.broken(line, 'the file ends inside a string');
      carry.clear();
    },
  };
}
