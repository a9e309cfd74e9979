import { describe, expect, test } from 'vitest';
import { emptySummary } from '../../src/core/file-summary.ts';
import { endsOnBoundary, rangeSplit, rangeStart, startIsCertain, type RangeSplit } from '../../src/core/range-starts.ts';

// Where a file may be cut into ranges read apart (the command line's worker threads): the answers for file
// heads and probes small enough to count by hand.

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);
const audit = '{"CreationTime":"2024-02-01T10:00:00","Operation":"MailItemsAccessed"}'; // 70 bytes
const BOM = '\uFEFF';

describe('rangeSplit: whether a file splits, from its head', () => {
  test.each([
    { name: 'JSON lines opening on an audit record', head: `${audit}\n${audit}\n`, expected: { kind: 'json lines', prefix: null } },
    { name: 'JSON lines after a UTF-8 BOM', head: `${BOM}${audit}\n`, expected: { kind: 'json lines', prefix: null } },
    {
      name: 'a Purview CSV: the header line is the prefix',
      head: 'CreationDate,AuditData\r\n2024,"{}"\r\n',
      expected: { kind: 'csv', prefix: 'CreationDate,AuditData\r\n' },
    },
    {
      name: 'a CSV after a BOM: the prefix leaves the BOM out',
      head: `${BOM}RecordId,AuditData\n1,x\n`,
      expected: { kind: 'csv', prefix: 'RecordId,AuditData\n' },
    },
    { name: 'JSON lines of a table without mail reads: read whole', head: '{"Type":"SigninLogs","TimeGenerated":"2024"}\n', expected: null },
    { name: 'JSON whose first line is not a record: read whole', head: '{\n  "value": []\n}\n', expected: null },
    { name: 'a JSON array: read whole', head: `[${audit},\n${audit}]\n`, expected: null },
    { name: 'PowerShell #TYPE line: read whole', head: '#TYPE Deserialized.Something\n"RecordId","AuditData"\n', expected: null },
    { name: 'a CSV header whose quotes do not close: read whole', head: '"RecordId,AuditData\n', expected: null },
    { name: 'no newline in the head: read whole', head: audit, expected: null },
    { name: 'UTF-16: read whole', head: '', raw: new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x0a, 0x00]), expected: null },
  ])('$name', ({ head, raw, expected }) => {
    const split = rangeSplit(raw ?? bytes(head));
    expect(split && { kind: split.kind, prefix: text(split.prefix) }).toEqual(expected);
  });
});

const JSON_LINES: RangeSplit = { kind: 'json lines', prefix: null };
const CSV: RangeSplit = { kind: 'csv', prefix: bytes('a,b\n') };

describe('rangeStart: where in bytes probed at a cut a range may begin', () => {
  test.each([
    { name: 'JSON lines: just after the first newline, before a whole record', split: JSON_LINES, probe: `me":1}\n${audit}\n`, expected: 7 },
    { name: 'JSON lines: past a line that is not an audit record', split: JSON_LINES, probe: `x}\n{"a":1}\n${audit}\n`, expected: 11 },
    { name: 'JSON lines: past a blank line', split: JSON_LINES, probe: `x}\n\n${audit}\n`, expected: 4 },
    { name: 'JSON lines: a record the probe cuts short is no start', split: JSON_LINES, probe: `x}\n${audit.slice(0, 30)}`, expected: -1 },
    { name: 'JSON lines: a record ending at the probe without its newline is no start', split: JSON_LINES, probe: `x}\n${audit}`, expected: -1 },
    { name: 'CSV: just after the first newline, whatever follows', split: CSV, probe: 'ta"}",1\r\n2024,"{', expected: 9 },
    { name: 'CSV: no newline, no start', split: CSV, probe: 'no newline here', expected: -1 },
  ])('$name', ({ split, probe, expected }) => {
    expect(rangeStart(split, bytes(probe))).toBe(expected);
  });
});

describe('endsOnBoundary: what a range that read to its end proves', () => {
  const summary = (skipped: number, problems: number) => ({
    ...emptySummary('f'),
    skipped,
    problems: Array.from({ length: problems }, (_, i) => ({ line: i + 1, message: 'x' })),
  });
  test.each([
    { name: 'JSON lines: always, even with damage (its start was a whole record)', split: JSON_LINES, skipped: 1, problems: 1, expected: true },
    { name: 'CSV read cleanly: its end was a row boundary', split: CSV, skipped: 0, problems: 0, expected: true },
    { name: 'CSV with a skipped row: proves nothing', split: CSV, skipped: 1, problems: 1, expected: false },
    { name: 'CSV with a problem listed but nothing skipped: proves nothing', split: CSV, skipped: 0, problems: 1, expected: false },
  ])('$name', ({ split, skipped, problems, expected }) => {
    expect(endsOnBoundary(split, summary(skipped, problems))).toBe(expected);
  });

  test('only a JSON lines range counts its events before its end', () => {
    expect([startIsCertain(JSON_LINES), startIsCertain(CSV)]).toEqual([true, false]);
  });
});
