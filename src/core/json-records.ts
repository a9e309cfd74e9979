// Finds the audit records in a JSON byte stream without parsing them, so the reader can skip most records
// undecoded. Handles every JSON shape the exports take:
//   JSON lines / concatenated objects          {...}\n{...}
//   an array, or several arrays appended        [{...},{...}]\n[{...}]
//   a wrapper with an array of records          {"@odata.context": "...", "value": [{...}]} (Graph),
//                                               {"records": [...]} (Defender streaming API),
//                                               {"Schema": [...], "Results": [...]} (advanced hunting API)
//   Log Analytics query API tables              {"tables": [{"columns": [{"name"}], "rows": [[...]]}]}:
//                                               each row array is a record, its columns handed over first
// It starts with the structural scanner (json-structure.ts). Once the first record proves the file is JSON
// lines, the rest goes to the line splitter (json-lines.ts), which is several times faster and is the one
// that skips records under the reader's rule.

import { createJsonLineSplitter, type JsonLineSplitter } from './json-lines.ts';
import { createJsonScanner } from './json-structure.ts';
import type { RecordSink, SkipRule, Splitter } from './record-sink.ts';

export function createJsonSplitter(sink: RecordSink): Splitter & { describe(): string } {
  const scanner = createJsonScanner(sink);
  let lines: JsonLineSplitter | null = null;
  let rule: SkipRule | null = null;

  return {
    describe: () => (lines ? 'JSON lines' : scanner.describe()),
    write(chunk) {
      if (lines) return lines.write(chunk);
      const linesFrom = scanner.write(chunk);
      if (linesFrom === -1) return;
      lines = createJsonLineSplitter(sink, scanner.line());
      if (rule) lines.skipUnless(rule);
      lines.write(chunk, linesFrom);
    },
    end() {
      if (lines) lines.end();
      else scanner.end();
    },
    skipUnless(given) {
      rule = given;
      lines?.skipUnless(given);
    },
    skipped: () => lines?.skipped() ?? 0,
  };
}
