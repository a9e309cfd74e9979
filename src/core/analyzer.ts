// One file, pushed through in chunks: bytes -> encoding -> records (here) -> events (record-reader.ts).
// The caller owns the read loop: write() each chunk as it arrives (any size, split anywhere), read
// snapshot() between chunks for progress, and end() once for the summary. Events the rule reads go to
// `onEvent`, which answers whether the event is new (false: a record already seen, counted as duplicate).
//
// Records that cannot be MailItemsAccessed are counted and skipped on their bytes, never decoded: most of an
// export is sign-ins and file activity, and decoding is the costliest step in a browser.

import { concatBytes, countByte, createDecoder, decodeUtf8 as decodeWithPlatform, encodeUtf8 } from './bytes.ts';
import { inSearchMemory, stagingBytes } from './simd-search.ts';
import { createCsvSplitter } from './csv-records.ts';
import { emptySummary, judgeSummary, MAX_LISTED_PROBLEMS } from './file-summary.ts';
import { createJsonSplitter } from './json-records.ts';
import { API_NEEDLES, createRecordReader, NEEDLE, type EventSink } from './record-reader.ts';
import type { RecordFilter, Splitter } from './record-sink.ts';
import { describeNonText, sniffEncoding, SNIFF_BYTES } from './sniff.ts';
import { isoUtc } from './time.ts';
import type { FileSummary } from './types.ts';
import type { PackSink } from './detections/pack-sink.ts';

export { REUSED_ID, type EventSink } from './record-reader.ts';

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
  /** The detection pack (detections/pack-sink.ts), shared by every file of a session. */
  pack?: PackSink;
}

export function createFileAnalyzer(
  name: string,
  onEvent: EventSink,
  { decodeUtf8 = decodeWithPlatform, localOffsetMinutes, countLines = false, stageChunks = true, pack }: AnalyzerOptions = {},
): FileAnalyzer {
  let line = 1;
  const summary = emptySummary(name);
  let head: Uint8Array | null = new Uint8Array(0); // bytes held until the encoding is sniffed
  let toUtf8: ((chunk: Uint8Array, final: boolean) => Uint8Array) | null = null;
  let leading: Uint8Array | null = new Uint8Array(0); // UTF-8 held until the first non-space byte
  let splitter: Splitter | null = null;
  let describeContainer = () => '';
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
  const reader = createRecordReader({ summary, filter, onEvent, decodeUtf8, localOffsetMinutes, pack, problem, skip, unsupported });

  function chooseReader(utf8: Uint8Array) {
    let i = 0;
    while (i < utf8.length && (utf8[i] === 0x20 || utf8[i] === 0x0a || utf8[i] === 0x0d || utf8[i] === 0x09)) i++;
    if (i === utf8.length) return false;
    if (utf8[i] === 0x7b || utf8[i] === 0x5b) {
      filter.alsoOneOf = API_NEEDLES; // JSON records reach the reader whole: see mayBeApiRead
      const json = createJsonSplitter(reader.json);
      describeContainer = json.describe;
      splitter = json;
    } else splitter = createCsvSplitter(reader.csv());
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
    const source = reader.source();
    const [first, last] = reader.range();
    return judgeSummary({
      ...summary,
      records: summary.records + filter.skipped,
      format: summary.unsupported ? 'unsupported' : source ? (container ? `${source} (${container})` : source) : summary.format,
      firstTime: first === Infinity ? null : isoUtc(first),
      lastTime: last === -Infinity ? null : isoUtc(last),
      problems: [...summary.problems],
      tenants: [...summary.tenants],
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
      if (!summary.unsupported && !reader.source() && summary.records + filter.skipped === 0 && summary.skipped === 0) {
        unsupported('No audit records found in the file.');
      }
      return snapshot();
    },
  };
}
