import { describe, expect, test } from 'vitest';
import { createFileAnalyzer, type AnalyzerOptions } from '../../src/core/analyzer.ts';
import { analyzeChunks, createDetectingSession } from '../../src/core/session.ts';
import type { MailEvent } from '../../src/core/types.ts';
import { decodeUtf8Js } from '../../src/core/utf8.ts';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import * as write from '../fixtures/export-formats.ts';
import { records } from '../fixtures/scenario.ts';

// The invariant behind streaming: where the reader happens to cut the bytes never changes the answer.
// Every fixture is cut at every offset (two chunks), byte by byte, and at random places, and must give
// the same alerts and the same per-file summary as the whole file. The fixtures hold CRLF, quoted JSON
// in CSV, multi-byte UTF-8 (Boîte de réception), UTF-16 code units, and damaged records.

const few = [...records.slice(0, 7), records[records.length - 2]]; // the Graph harvester and one FileAccessed
const utf8 = (text: string) => new TextEncoder().encode(text);
const fixtures: { name: string; bytes: Uint8Array }[] = [
  { name: 'JSON lines', bytes: utf8(write.managementApiLines(few)) },
  { name: 'pretty JSON array, CRLF', bytes: utf8(write.managementApiArray(few)) },
  { name: 'Graph page', bytes: utf8(write.graphPage(few)) },
  { name: 'Purview CSV, CRLF', bytes: utf8(write.purviewCsv(few)) },
  { name: 'PowerShell Export-Csv, UTF-16LE', bytes: write.utf16(write.powershellExportCsv(few), 'le') },
  { name: 'Splunk JSON export', bytes: write.utf8Bom(write.splunkJsonExport(few)) },
  { name: 'Log Analytics query API tables', bytes: utf8(write.logAnalyticsQueryApi(few)) },
  { name: 'advanced hunting API response', bytes: utf8(write.advancedHuntingApi(few)) },
  {
    name: 'JSON lines with a truncated and a non-JSON line',
    bytes: utf8(write.managementApiLines(few).replace(/\n/, '\n{"CreationTime":"2024-02-01T10:0\nnot json\n')),
  },
  {
    name: 'CSV with an unbalanced quote in one row',
    bytes: utf8(write.purviewCsv(few).replace(/\r\n([^\r]*)\r\n/, '\r\n$1\r\nbroken,"2024-02-01,50,MailItemsAccessed,x,y\r\n')),
  },
];

const run = (chunks: Uint8Array[]) => analyzeChunks([{ name: 'f', chunks }], DEFAULT_PARAMS);

describe.each(fixtures)('$name', ({ bytes }) => {
  const whole = run([bytes]);

  test('the whole file gives alerts (the invariant is not vacuous)', () => {
    expect(whole.alerts.length).toBeGreaterThan(0);
    expect(whole.files[0].unsupported).toBeUndefined();
  });

  test('split at every offset', () => {
    for (let k = 1; k < bytes.length; k++) {
      const split = run([bytes.subarray(0, k), bytes.subarray(k)]);
      if (JSON.stringify(split) !== JSON.stringify(whole)) expect(split, `split at ${k}`).toEqual(whole);
    }
  });

  test('one byte at a time', () => {
    expect(run(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)))).toEqual(whole);
  });

  // The command line's worker threads read into one Node Buffer and write pieces of it: whatever the
  // analyzer holds across writes must be its own copy (a Buffer's slice() is a view, not a copy).
  test('one reused Node Buffer for every chunk', () => {
    for (const size of [7, 100, 4096]) {
      const session = createDetectingSession(DEFAULT_PARAMS);
      const file = session.file('f');
      const reused = Buffer.alloc(size);
      for (let at = 0; at < bytes.length; at += size) {
        const piece = bytes.subarray(at, at + size);
        reused.set(piece);
        file.write(reused.subarray(0, piece.length));
      }
      const summary = file.end();
      expect({ alerts: session.alerts(), files: [summary] }, `chunks of ${size}`).toEqual(whole);
    }
  });

  // The app's worker decodes records in JavaScript (core/utf8.ts): the events and the summary must not change.
  test('records decoded in JavaScript give the same events and summary', () => {
    const read = (options: AnalyzerOptions) => {
      const events: [MailEvent, number][] = [];
      const analyzer = createFileAnalyzer('f', (event, line) => (events.push([event, line]), true), options);
      analyzer.write(bytes);
      return { events, summary: analyzer.end() };
    };
    const platform = read({});
    expect(platform.events.length).toBeGreaterThan(0);
    expect(read({ decodeUtf8: decodeUtf8Js })).toEqual(platform);
  });

  test('random cuts', () => {
    let seed = bytes.length;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const cuts = [...new Set(Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * bytes.length)))].sort((a, b) => a - b);
      const chunks = [0, ...cuts].map((from, i) => bytes.subarray(from, i < cuts.length ? cuts[i] : bytes.length));
      expect(run(chunks), `cuts ${cuts}`).toEqual(whole);
    }
  });
});

test('damaged inputs report their lines and still analyse the rest', () => {
  const fixture = (name: string) => fixtures.find((f) => f.name.startsWith(name))!.bytes;
  const jsonl = run([fixture('JSON lines with a truncated')]).files[0];
  expect(jsonl.problems.map((p) => p.line)).toEqual([2, 3]);
  expect(jsonl).toMatchObject({ records: few.length, skipped: 2 });
  const csv = run([fixture('CSV with an unbalanced quote')]).files[0];
  expect(csv.problems).toEqual([{ line: 3, message: expect.stringMatching(/quoted field opened here is never closed/) }]);
  expect(csv).toMatchObject({ records: few.length, skipped: 1 });
});
