// JSON lines, once json-structure.ts has seen the file's first record open and close on one line: records
// are found by splitting on newlines with native indexOf (a newline never occurs inside a JSON lines
// record), several times faster than scanning structure. Under the reader's skip rule, whole record lines
// it lets go are counted where they lie, many at a time in WebAssembly, and never cut out of the chunk.

import { byteSearch } from './bytes.ts';
import { jsonLineSkipper, type LineStop, type Search } from './simd-search.ts';
import { Carry, MAX_RECORD_BYTES, type RecordSink, type SkipRule, type Splitter } from './record-sink.ts';

const LF = 0x0a;

export const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

// The test emitLine makes: once trimmed, a record line opens with { and closes with }.
function wholeRecord(bytes: Uint8Array, a: number, z: number): boolean {
  while (a < z && isSpace(bytes[a])) a++;
  while (z > a && isSpace(bytes[z - 1])) z--;
  return a < z && bytes[a] === 0x7b && bytes[z - 1] === 0x7d;
}

export interface JsonLineSplitter extends Splitter {
  /** Reads `chunk` from `from`, a line start. */
  write(chunk: Uint8Array, from?: number): void;
}

/** JSON lines from line `firstLine` on. */
export function createJsonLineSplitter(sink: RecordSink, firstLine: number): JsonLineSplitter {
  let line = firstLine;
  const carry = new Carry();
  let oversizeLine = false; // inside a line past the record cap, until its newline
  let skipped = 0;
  let find: Search | null = null; // the rule's needle, once skipping
  let skipLines: ReturnType<typeof jsonLineSkipper> = null;
  const stop: LineStop = { start: 0, skipped: 0, newline: -1, hit: -2 };

  function write(chunk: Uint8Array, from = 0): void {
    let p = from;
    let hit = -2; // the first needle at or after p in this chunk once searched, -1 when there is none
    for (;;) {
      let nl: number;
      if (skipLines && !carry.length && !oversizeLine && skipLines(chunk, p, hit, stop)) {
        // Whole records the rule lets go skipped in WebAssembly, up to a line the checks below handle.
        skipped += stop.skipped;
        line += stop.skipped;
        p = stop.start;
        hit = stop.hit;
        nl = stop.newline;
      } else nl = chunk.indexOf(LF, p);
      if (nl === -1) return carryRest(chunk.subarray(p));
      if (oversizeLine) oversizeLine = false;
      else if (find && !carry.length) {
        // A whole record without the needle is counted in place, never cut out of the chunk.
        if (hit !== -1 && hit < p) hit = find(chunk, p);
        if ((hit === -1 || hit >= nl) && wholeRecord(chunk, p, nl)) skipped++;
        else emitLine(chunk.subarray(p, nl));
      } else emitLine(carry.take(chunk.subarray(p, nl)));
      line++;
      p = nl + 1;
    }
  }

  function carryRest(rest: Uint8Array): void {
    if (oversizeLine) return;
    carry.push(rest);
    if (carry.length <= MAX_RECORD_BYTES) return;
    sink.broken(line, `record larger than ${MAX_RECORD_BYTES >> 20} MB; skipped`);
    carry.clear();
    oversizeLine = true;
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
    write,
    end() {
      if (!oversizeLine && carry.length) emitLine(carry.take(new Uint8Array(0)));
    },
    skipUnless({ needle, alsoOneOf }: SkipRule) {
      find = byteSearch(needle);
      skipLines = jsonLineSkipper(needle, alsoOneOf);
    },
    skipped: () => skipped,
  };
}
