// CSV in two steps. The splitter finds row boundaries on raw bytes (a newline ends a row when the quotes
// before it balance; `""` toggles twice, so parity is exact), which lets the reader skip rows undecoded.
// splitCsvRow() then splits one decoded row into fields (RFC 4180 quoting).
// An unbalanced quote would make the rest of the file one field: when a row grows past the record cap or
// the file ends inside quotes, the row is reported at its first line and reading restarts on the next line.

import { byteSearch, countByte } from './bytes.ts';
import { csvRowSkipper, type LineStop, type Search } from './simd-search.ts';
import { Carry, MAX_RECORD_BYTES, type RecordSink, type Splitter } from './record-sink.ts';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export function createCsvSplitter(sink: RecordSink, maxRowBytes = MAX_RECORD_BYTES): Splitter {
  let line = 1; // line the next byte is on
  let rowLine = 1; // line the open row started on
  let inQuotes = false;
  const carry = new Carry();
  let skipped = 0;
  let find: Search | null = null; // the rule's needle, once skipping
  let skipRows: ReturnType<typeof csvRowSkipper> = null;
  const skippedTo: LineStop = { start: 0, skipped: 0, newline: -1, hit: -2 };

  function emit(bytes: Uint8Array) {
    let end = bytes.length;
    if (end && bytes[end - 1] === CR) end--;
    if (end === 0) return; // blank line
    sink.record(end === bytes.length ? bytes : bytes.subarray(0, end), rowLine);
  }

  // A row that never closed its quotes: report it, then read again from the line after its first line.
  function restartAfterBrokenRow(tail: Uint8Array, why: string) {
    const bytes = carry.take(tail);
    const brokenLine = rowLine;
    sink.broken(brokenLine, `a quoted field opened here ${why}; the row is skipped`);
    const nl = bytes.indexOf(LF);
    inQuotes = false;
    line = brokenLine + 1;
    rowLine = line;
    if (nl !== -1) feed(bytes.subarray(nl + 1));
  }

  function feed(chunk: Uint8Array): void {
    let rowStart = 0;
    let scanned = 0;
    let hit = -2; // the first needle at or after rowStart in this chunk once searched, -1 when there is none
    for (;;) {
      if (skipRows && !inQuotes && scanned === rowStart && !carry.length && skipRows(chunk, rowStart, hit, skippedTo)) {
        // One-line rows without the needle skipped in WebAssembly, up to a row the loop below reads.
        skipped += skippedTo.skipped;
        line += skippedTo.skipped;
        rowLine = line;
        rowStart = scanned = skippedTo.start;
        hit = skippedTo.hit;
      }
      const nl = chunk.indexOf(LF, scanned);
      const stop = nl === -1 ? chunk.length : nl;
      if (countByte(chunk, QUOTE, scanned, stop) & 1) inQuotes = !inQuotes;
      if (nl === -1) break;
      scanned = nl + 1;
      line++;
      if (!inQuotes) {
        if (find && !carry.length) {
          // A row without the needle is counted in place; a blank line is not a row.
          if (hit !== -1 && hit < rowStart) hit = find(chunk, rowStart);
          const end = nl > rowStart && chunk[nl - 1] === CR ? nl - 1 : nl;
          if ((hit === -1 || hit >= nl) && end > rowStart) {
            skipped++;
            rowStart = scanned;
            rowLine = line;
            continue;
          }
        }
        emit(carry.take(chunk.subarray(rowStart, nl)));
        rowStart = scanned;
        rowLine = line;
      }
    }
    if (rowStart < chunk.length) {
      carry.push(chunk.subarray(rowStart));
      if (carry.length > maxRowBytes) restartAfterBrokenRow(new Uint8Array(0), `is still open after ${maxRowBytes >> 20} MB`);
    }
  }

  return {
    write: feed,
    end() {
      while (inQuotes) restartAfterBrokenRow(new Uint8Array(0), 'is never closed');
      if (carry.length) emit(carry.take(new Uint8Array(0)));
    },
    // Rows are only ever skipped on the needle: a row's AuditData may be cut short inside balanced quotes,
    // so the reader parses every row that has it (alsoOneOf is not for CSV).
    skipUnless({ needle }) {
      find = byteSearch(needle);
      skipRows = csvRowSkipper(needle);
    },
    skipped: () => skipped,
  };
}

/** Fields of one CSV row. A quote inside an unquoted field is kept as text, as spreadsheets do. */
export function splitCsvRow(row: string, delimiter = ','): string[] {
  const fields: string[] = [];
  let i = 0;
  const n = row.length;
  for (;;) {
    if (row.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = ++i;
      for (;;) {
        const q = row.indexOf('"', from);
        if (q === -1) {
          value += row.slice(from);
          i = n;
          break;
        }
        value += row.slice(from, q);
        if (row.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
      const next = row.indexOf(delimiter, i);
      value += row.slice(i, next === -1 ? n : next);
      fields.push(value);
      if (next === -1) return fields;
      i = next + 1;
    } else {
      const next = row.indexOf(delimiter, i);
      fields.push(row.slice(i, next === -1 ? n : next));
      if (next === -1) return fields;
      i = next + 1;
    }
  }
}
