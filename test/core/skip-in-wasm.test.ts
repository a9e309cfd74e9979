import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createFileAnalyzer } from '../../src/core/analyzer.ts';
import { stagingBytes } from '../../src/core/simd-search.ts';
import { SNIFF_BYTES } from '../../src/core/sniff.ts';
import type { MailEvent } from '../../src/core/types.ts';
import { GRAPH, TENANT } from '../fixtures/scenario.ts';

// JSON lines and CSV written from the search's WebAssembly memory skip their records without the needle in
// WebAssembly (simd-search.wat: skipLines, skipRows); written from anywhere else, in JavaScript. The
// JavaScript path is the reference: over records of every kind, cut into chunks anywhere, both must give the
// same events, lines and summary.

const read = (id: number, api: boolean, appId = api ? GRAPH : '00000002-0000-0ff1-ce00-000000000000', clientInfoString = 'Client=REST') =>
  JSON.stringify({
    CreationTime: `2024-02-01T10:0${id % 10}:00`,
    Id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    Operation: 'MailItemsAccessed',
    OrganizationId: TENANT,
    RecordType: 50,
    Workload: 'Exchange',
    UserId: `app${id % 3}@contoso.com`,
    MailboxOwnerUPN: `m${id}@contoso.com`,
    ClientAppId: 'harvester',
    AppId: appId,
    ClientInfoString: clientInfoString,
    ClientIPAddress: '203.0.113.7',
  });
const other = (id: number) =>
  JSON.stringify({ CreationTime: '2024-02-01T10:00:00', Id: `f-${id}`, Operation: 'FileAccessed', OrganizationId: TENANT, Workload: 'SharePoint' });

// Each kind of line the skipper must either skip (a whole record without the needle) or hand back.
const kinds = [
  (id: number) => read(id, true),
  (id: number) => read(id, false),
  (id: number) => other(id),
  (id: number) => `  ${other(id)}\t `, // a record between white space
  (id: number) => `${other(id)}\r`, // CRLF
  () => '', // blank
  () => '   ', // white space only
  (id: number) => other(id).slice(0, 20), // cut short: reported
  () => 'not json', // reported
  (id: number) => `{"Operation":"FileAccessed","Note":"MailItemsAccessed","Id":"n-${id}"}`, // the needle, not a read
  (id: number) => `x${other(id)}`, // a record after text: reported
  (id: number) => read(id, true, GRAPH.toUpperCase()), // Graph's AppId in capitals: a read
  (id: number) => read(id, false, undefined, 'Client=WebServices;ExchangeWebServices/15.20'), // EWS: a read
  (id: number) => `x${read(id, true)}`, // a read after text: reported
];

// The analyzer copies the bytes it sniffs the encoding from (the first 4 KB), so every file opens with these
// lines, written as a chunk of their own; what follows reaches the splitter as written.
const HEAD_LINES = 40;
const jsonHead = [read(0, true), ...Array.from({ length: HEAD_LINES - 1 }, (_, i) => other(1000 + i))].join('\n') + '\n';

const staged = stagingBytes(1 << 16);
function analyse(body: string, cuts: number[], inWasmMemory: boolean, head = jsonHead) {
  const bytes = new TextEncoder().encode(head + body);
  const events: [MailEvent, number][] = [];
  const analyzer = createFileAnalyzer('f', (event, line) => (events.push([event, line]), true), { stageChunks: inWasmMemory });
  const bounds = [0, head.length, ...cuts.map((c) => head.length + (c % (bytes.length - head.length + 1))).sort((a, b) => a - b), bytes.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    let chunk: Uint8Array = bytes.subarray(bounds[i], bounds[i + 1]);
    if (inWasmMemory) {
      staged.set(chunk);
      chunk = staged.subarray(0, chunk.length);
    }
    analyzer.write(chunk);
  }
  return { events, summary: analyzer.end() };
}

describe('JSON lines skipped in WebAssembly', () => {
  test('the head is past what the analyzer sniffs (the test would be vacuous otherwise)', () => {
    expect(jsonHead.length).toBeGreaterThan(SNIFF_BYTES);
  });

  test('a file of every kind of line: the same events, lines and summary as the JavaScript path', () => {
    const text = [...kinds.map((kind, i) => kind(i + 1)), read(99, true)].join('\n');
    const reference = analyse(text, [], false);
    // After the head: lines 1, 12, 13 and 15 are API reads; 8, 9, 11 and 14 are damaged; 2-5 and 10 are
    // records the rule does not read; 6 and 7 are blank.
    const after = (lines: number[]) => lines.map((line) => HEAD_LINES + line);
    expect(reference.events.map(([, line]) => line)).toEqual([1, ...after([1, 12, 13, 15])]);
    expect(reference.summary).toMatchObject({
      records: HEAD_LINES + 9,
      skipped: 4,
      problems: after([8, 9, 11, 14]).map((line) => ({ line, message: expect.any(String) })),
    });
    expect(analyse(text, [], true)).toEqual(reference);
  });

  test('random files cut anywhere: the same as the JavaScript path', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(kinds.length - 1), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (picks, cuts, finalNewline) => {
        const text = picks.map((k, i) => kinds[k](i + 1)).join('\n') + (finalNewline ? '\n' : '');
        expect(analyse(text, cuts, true)).toEqual(analyse(text, cuts, false));
      }),
      { numRuns: 300 },
    );
  });
});

// A Purview CSV row (AuditData quoted, quotes doubled), and rows of every kind the row skipper must skip or
// hand back.
const csvRow = (record: string, operation = 'MailItemsAccessed') =>
  ['r', '2024-02-01T10:00:00.0000000Z', '50', operation, 'u@contoso.com', `"${record.replace(/"/g, '""')}"`, '', ''].join(',');
const CSV_HEADER = 'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames';
const csvHead =
  [CSV_HEADER, csvRow(read(0, true)), ...Array.from({ length: HEAD_LINES - 2 }, (_, i) => csvRow(other(1000 + i), 'FileAccessed'))].join('\r\n') + '\r\n';
const csvKinds = [
  (id: number) => csvRow(read(id, true)),
  (id: number) => csvRow(read(id, false)),
  (id: number) => csvRow(other(id), 'FileAccessed'),
  (id: number) => `${csvRow(other(id), 'FileAccessed')}\r`, // CRLF
  () => '', // blank
  (id: number) => csvRow(other(id).replace(',"Workload"', ',\n"Workload"'), 'FileAccessed'), // a quoted newline: two lines
  (id: number) => csvRow(read(id, true).replace(',"Workload"', ',\n"Workload"')), // a read on two lines
  (id: number) => `r,"2024-02-01,50,FileAccessed,${id}`, // a quote never closed
  (id: number) => `${csvRow(other(id), 'FileAccessed')},extra`, // a field too many, no needle
  (id: number) => `${csvRow(read(id, true))},extra`, // a field too many, a read: reported
];

describe('CSV rows skipped in WebAssembly', () => {
  test('the head is past what the analyzer sniffs (the test would be vacuous otherwise)', () => {
    expect(csvHead.length).toBeGreaterThan(SNIFF_BYTES);
  });

  test('rows of every kind: the same events, lines and summary as the JavaScript path', () => {
    const text = [...csvKinds.filter((_, k) => k !== 7).map((kind, i) => kind(i + 1)), csvRow(read(99, true))].join('\n') + '\n';
    const reference = analyse(text, [], false, csvHead);
    // After the head (header and 39 rows): the rows on lines 1, 8 (two lines) and 12 are API reads; the read
    // on line 11 has a field too many; 5 is blank; 2-4, 6 (two lines) and 10 are rows the rule does not read.
    const after = (lines: number[]) => lines.map((line) => HEAD_LINES + line);
    expect(reference.events.map(([, line]) => line)).toEqual([2, ...after([1, 8, 12])]);
    expect(reference.summary).toMatchObject({
      records: HEAD_LINES - 1 + 8,
      skipped: 1,
      problems: [{ line: HEAD_LINES + 11, message: expect.stringMatching(/fields/) }],
    });
    expect(analyse(text, [], true, csvHead)).toEqual(reference);
  });

  test('random files cut anywhere, a quote never closed included: the same as the JavaScript path', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(csvKinds.length - 1), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (picks, cuts, crlf) => {
        const text = picks.map((k, i) => csvKinds[k](i + 1)).join(crlf ? '\r\n' : '\n') + '\n';
        expect(analyse(text, cuts, true, csvHead)).toEqual(analyse(text, cuts, false, csvHead));
      }),
      { numRuns: 300 },
    );
  });
});
