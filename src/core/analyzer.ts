// One file, pushed through in chunks: bytes -> encoding -> records -> events.
// The caller owns the read loop: write() each chunk as it arrives (any size, split anywhere), read
// snapshot() between chunks for progress, and end() once for the summary. Events the rule reads go to
// `onEvent`, which answers whether the event is new (false: a record already seen, counted as duplicate).
//
// Records that cannot be MailItemsAccessed are counted and skipped on their bytes, never decoded: most of an
// export is sign-ins and file activity, and decoding is the costliest step in a browser.

import { asciiBytes, byteSearch, concatBytes, countByte, createDecoder, decodeUtf8 as decodeWithPlatform, encodeUtf8 } from './bytes.ts';
import { inSearchMemory, stagingBytes } from './simd-search.ts';
import { createCsvSplitter, splitCsvRow } from './csv-records.ts';
import { describeCsvHeader, localTimeMessage } from './csv-layout.ts';
import { formatOfRow, noMailReads, type Format, type Row } from './formats.ts';
import { createJsonSplitter } from './json-records.ts';
import { EWS_CLIENT, GRAPH_APP_ID, normalise, SELECTED_OPERATION } from './normalise.ts';
import type { RecordFilter, RecordSink, Splitter } from './record-sink.ts';
import { emptySummary, judgeSummary, MAX_LISTED_PROBLEMS, MAX_TENANTS_LISTED, reusedIdMessage } from './file-summary.ts';
import { ALL_FIELDS, type FieldPresence } from './rule-fields.ts';
import { describeNonText, sniffEncoding, SNIFF_BYTES } from './sniff.ts';
import { isoUtc } from './time.ts';
import type { FileSummary, MailEvent } from './types.ts';

const NEEDLE = asciiBytes(SELECTED_OPERATION);
const findNeedle = byteSearch(NEEDLE);

// A MailItemsAccessed record the rule reads names Graph's AppId (whose one letter may be either case) or
// starts its ClientInfoString with the EWS prefix; exports never escape these bytes. JSON records reach the
// reader whole (balanced, or a {...} line), so reads by Outlook, OWA or REST clients, most of a tenant's
// MailItemsAccessed, are counted undecoded (in JSON lines, by the splitter in WebAssembly).
const API_NEEDLES = [
  { needle: asciiBytes(GRAPH_APP_ID), ignoreAsciiCase: true },
  { needle: asciiBytes(EWS_CLIENT.source.slice(1)), ignoreAsciiCase: false },
];
const apiSearches = API_NEEDLES.map(({ needle, ignoreAsciiCase }) => byteSearch(needle, { ignoreAsciiCase }));
const mayBeApiRead = (bytes: Uint8Array) => apiSearches.some((find) => find(bytes, 0) !== -1);

export interface FileAnalyzer {
  /** Any bytes, any size; a chunk outside readBuffer() memory is copied into the analyzer's own, piece by piece. */
  write(chunk: Uint8Array): void;
  /** Counts so far, for progress. */
  snapshot(): FileSummary;
  /** The line the next byte is on, counted on line feeds as the bytes go by (with the `countLines` option). */
  lineReached(): number;
  end(): FileSummary;
}

// Every byte-wide pass (needle search, skipping lines and rows, counting) runs in WebAssembly in place, on
// bytes inside its memory (simd-search.ts). A reader that can read straight into that memory asks for
// readBuffer() (the command line does); any other chunk is copied into STAGE_BYTES of it here first (the
// app's File.stream() chunks), which costs far less than searching outside it. One staging area per thread:
// a write is synchronous and the analyzer copies whatever it keeps across writes, so analyzers share it.
const STAGE_BYTES = 1 << 20;
let stage: Uint8Array | null = null;

/** `length` bytes the analyzer reads in place: read a file into them and write() their subarrays. */
export const readBuffer = (length: number): Uint8Array => stagingBytes(length);

/**
 * Takes each event the rule reads. Answers true when it is counted, false when it is a duplicate of a
 * record already seen, REUSED_ID when it is counted though its Id was seen on a record of other content,
 * or a sentence when it could not be counted (each of the last two reported as a problem on its line).
 */
export type EventSink = (event: MailEvent, line: number) => boolean | string | typeof REUSED_ID;
export const REUSED_ID = { reusedId: true } as const;

export interface AnalyzerOptions {
  /** UTF-8 bytes to text for the records read; the host picks what is fastest in its engine (see utf8.ts). */
  decodeUtf8?: (bytes: Uint8Array) => string;
  /** Minutes east of UTC of an export whose times are the exporting machine's local time, as the responder says. */
  localOffsetMinutes?: number;
  /** Count line feeds as bytes arrive, for lineReached() (the app reports where a failed read stopped). */
  countLines?: boolean;
  /**
   * Copy chunks that lie outside the search's memory into it (the default). Off, such chunks take the
   * JavaScript paths, as on a host without WebAssembly SIMD: the tests hold those to the same answers.
   */
  stageChunks?: boolean;
}

// A Log Analytics row ([value, value, ...]) as the object its table's columns name.
function rowOfTable(columns: string[], values: unknown[]): Row {
  const row: Row = Object.create(null);
  for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i] ?? null;
  return row;
}

export function createFileAnalyzer(
  name: string,
  onEvent: EventSink,
  { decodeUtf8 = decodeWithPlatform, localOffsetMinutes, countLines = false, stageChunks = true }: AnalyzerOptions = {},
): FileAnalyzer {
  let line = 1;
  const summary = emptySummary(name);
  const fields: FieldPresence = summary.fields;
  let csvFormat: Format | null = null;
  let fallbackOffsetMinutes = 0;
  let first = Infinity;
  let last = -Infinity;
  let head: Uint8Array | null = new Uint8Array(0); // bytes held until the encoding is sniffed
  let toUtf8: ((chunk: Uint8Array, final: boolean) => Uint8Array) | null = null;
  let leading: Uint8Array | null = new Uint8Array(0); // UTF-8 held until the first non-space byte
  let splitter: Splitter | null = null;
  let describeContainer = () => '';
  let source = '';
  // Records without the needle, counted by the splitter once the file's shape is known.
  const filter: RecordFilter = { needle: NEEDLE, skipping: false, skippingAlso: false, skipped: 0 };

  const problem = (line: number, message: string) => {
    if (summary.problems.length < MAX_LISTED_PROBLEMS) summary.problems.push({ line, message });
    else summary.moreProblems++;
  };
  let ending = false; // the splitter is reading the file's last bytes: what breaks now was cut off
  const skip = (line: number, message: string) => {
    if (ending) summary.cutShort = true;
    summary.skipped++;
    problem(line, message);
  };
  const unsupported = (message: string) => {
    summary.unsupported = message;
    summary.format = 'unsupported';
    splitter = null;
  };

  // Parsed row -> event. Returns false when the row is of no known audit shape, or of a table without
  // mailbox reads in a file that began with audit records (counted as records the rule does not read).
  function readRow(row: Row, line: number): boolean {
    const format = csvFormat ?? formatOfRow(row);
    if (!format) return false;
    if (!format.unwrap) {
      if (source) return false;
      unsupported(noMailReads(format, row));
      return true;
    }
    let unwrapped;
    try {
      unwrapped = format.unwrap(row);
    } catch (error) {
      skip(line, `unreadable record: ${(error as Error).message}`);
      return true;
    }
    if (!source) {
      source = format.name;
      filter.skipping = true; // the first record has shown what the file is
    }
    const result = normalise(unwrapped, { fields, fallbackOffsetMinutes });
    // Once every field the rule needs has been seen, no record can be left unjudged for want of one, and
    // JSON records naming no API route may be counted on their bytes.
    if (fields.carried === ALL_FIELDS) filter.skippingAlso = true;
    summary.records++;
    if (!result) return true;
    if ('problem' in result) {
      summary.records--;
      skip(line, result.problem);
      return true;
    }
    const { event } = result;
    summary.selected++;
    if (event.time < first) first = event.time;
    if (event.time > last) last = event.time;
    const verdict = onEvent(event, line);
    if (verdict === false) summary.duplicates++;
    else if (verdict === REUSED_ID) {
      summary.reusedIds++;
      problem(line, reusedIdMessage(event.id));
    } else if (typeof verdict === 'string') problem(line, verdict);
    if (summary.tenants.length < MAX_TENANTS_LISTED && !summary.tenants.includes(event.tenant)) summary.tenants.push(event.tenant);
    return true;
  }

  let tableColumns: string[] | null = null; // a Log Analytics table's column names, for its row arrays
  const jsonSink: RecordSink = {
    record(bytes, line) {
      if (summary.unsupported) return;
      if (source && (findNeedle(bytes, 0) === -1 || (filter.skippingAlso && !mayBeApiRead(bytes)))) {
        summary.records++;
        return;
      }
      let row: unknown;
      try {
        row = JSON.parse(decodeUtf8(bytes));
      } catch (error) {
        skip(line, `not valid JSON: ${(error as Error).message}`);
        return;
      }
      if (Array.isArray(row) && tableColumns) row = rowOfTable(tableColumns, row);
      if (!row || typeof row !== 'object' || Array.isArray(row) || !readRow(row as Row, line)) {
        if (!source) {
          const keys = row && typeof row === 'object' ? Object.keys(row).slice(0, 8).join(', ') : typeof row;
          unsupported(`JSON, but not audit records: the first record (line ${line}) has ${keys || 'no keys'}.`);
        } else summary.records++;
      }
    },
    columns(bytes, line) {
      try {
        const columns: unknown = JSON.parse(decodeUtf8(bytes));
        if (!Array.isArray(columns)) throw new Error('not an array');
        tableColumns = columns.map((c) => (c && typeof c === 'object' ? String((c as Row).name ?? (c as Row).ColumnName ?? '') : String(c)));
      } catch (error) {
        tableColumns = null;
        skip(line, `the table's column list cannot be read (${(error as Error).message}): its rows are not read`);
      }
    },
    broken: skip,
    filter,
  };

  function csvSink(): RecordSink {
    let columns: string[] | null = null;
    let delimiter = ',';
    return {
      record(bytes, line) {
        if (summary.unsupported) return;
        if (!columns) {
          const text = decodeUtf8(bytes);
          if (line === 1 && text.startsWith('#TYPE')) return; // PowerShell Export-Csv without -NoTypeInformation
          const header = describeCsvHeader(text);
          if ('unsupported' in header) return unsupported(header.unsupported);
          ({ columns, delimiter } = header);
          if (header.timeZone === 'local') {
            if (localOffsetMinutes === undefined) return unsupported(localTimeMessage(header.timeColumn));
            fallbackOffsetMinutes = localOffsetMinutes;
          } else fallbackOffsetMinutes = header.timeZone ?? 0;
          csvFormat = header.format;
          source = header.layout;
          filter.skipping = true; // past the header, rows without the needle are only counted
          return;
        }
        // Unlike a JSON record, a row's AuditData may be cut short inside balanced quotes; a MailItemsAccessed
        // row is therefore always parsed, so a damaged one is reported rather than counted unread.
        if (findNeedle(bytes, 0) === -1) {
          summary.records++;
          return;
        }
        const fields = splitCsvRow(decodeUtf8(bytes), delimiter);
        if (fields.length !== columns.length) {
          return skip(line, `row has ${fields.length} fields where the header has ${columns.length}`);
        }
        const row: Row = Object.create(null);
        for (let i = 0; i < columns.length; i++) row[columns[i]] = fields[i];
        if (!readRow(row, line)) summary.records++;
      },
      broken: skip,
      filter,
    };
  }

  function chooseReader(utf8: Uint8Array) {
    let i = 0;
    while (i < utf8.length && (utf8[i] === 0x20 || utf8[i] === 0x0a || utf8[i] === 0x0d || utf8[i] === 0x09)) i++;
    if (i === utf8.length) return false;
    if (utf8[i] === 0x7b || utf8[i] === 0x5b) {
      filter.alsoOneOf = API_NEEDLES; // JSON records reach the reader whole: see mayBeApiRead
      const json = createJsonSplitter(jsonSink);
      describeContainer = json.describe;
      splitter = json;
    } else splitter = createCsvSplitter(csvSink());
    return true;
  }

  function pushText(utf8: Uint8Array) {
    if (leading) {
      leading = concatBytes(leading, utf8);
      if (!chooseReader(leading)) return;
      utf8 = leading;
      leading = null;
    }
    splitter?.write(utf8);
  }

  function startText(bytes: Uint8Array) {
    const guess = sniffEncoding(bytes);
    summary.encoding = guess.label;
    if (guess.encoding === 'utf-8') {
      const nonText = describeNonText(bytes.subarray(guess.bomLength));
      if (nonText) return unsupported(nonText);
      toUtf8 = (chunk) => chunk;
    } else {
      const decoder = createDecoder(guess.encoding);
      toUtf8 = (chunk, final) => encodeUtf8(decoder.decode(chunk, { stream: !final }));
    }
    pushText(toUtf8(bytes.subarray(guess.bomLength), false));
  }

  function writeInPlace(chunk: Uint8Array) {
    if (countLines) line += countByte(chunk, 0x0a);
    summary.bytes += chunk.length;
    if (summary.unsupported) return;
    if (head) {
      head = concatBytes(head, chunk);
      if (head.length < SNIFF_BYTES) return;
      const bytes = head;
      head = null;
      return startText(bytes);
    }
    if (toUtf8) pushText(toUtf8(chunk, false));
  }

  const snapshot = (): FileSummary => {
    const container = describeContainer();
    return judgeSummary({
      ...summary,
      records: summary.records + filter.skipped,
      format: summary.unsupported ? 'unsupported' : source ? (container ? `${source} (${container})` : source) : summary.format,
      firstTime: first === Infinity ? null : isoUtc(first),
      lastTime: last === -Infinity ? null : isoUtc(last),
      problems: [...summary.problems],
      tenants: [...summary.tenants],
      fields,
    });
  };

  return {
    write(chunk) {
      if (!stageChunks || inSearchMemory(chunk)) return writeInPlace(chunk);
      stage ??= stagingBytes(STAGE_BYTES);
      for (let at = 0; at < chunk.length; at += stage.length) {
        const piece = chunk.subarray(at, at + stage.length);
        stage.set(piece);
        writeInPlace(stage.subarray(0, piece.length));
      }
    },
    snapshot,
    lineReached: () => line,
    end() {
      if (head) {
        const bytes = head;
        head = null;
        if (bytes.length === 0) unsupported('The file is empty.');
        else startText(bytes);
      }
      if (!summary.unsupported && toUtf8) pushText(toUtf8(new Uint8Array(0), true));
      if (!summary.unsupported && leading) unsupported('The file holds only whitespace.');
      ending = true;
      splitter?.end();
      if (!summary.unsupported && !source && summary.records + filter.skipped === 0 && summary.skipped === 0) {
        unsupported('No audit records found in the file.');
      }
      return snapshot();
    },
  };
}
