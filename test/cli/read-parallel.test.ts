import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { planRanges } from '../../src/cli/plan-ranges.ts';
import { analyzeFile } from '../../src/cli/read-parallel.ts';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import { analyzeChunks, createDetectingSession } from '../../src/core/session.ts';
import * as write from '../fixtures/export-formats.ts';
import { records, type AuditRecord } from '../fixtures/scenario.ts';

// A large file is read in ranges, the first on the main thread and the rest by worker threads when it is
// worth it; the answer must be the one a whole-file read gives.
// The files here are small, read with small ranges so that each splits into dozens: the scenario repeated
// hour after hour (each copy raising its own alerts), with copies of earlier records far away in the file
// (duplicates across ranges) and damaged lines.

const dir = mkdtempSync(join(tmpdir(), 'ual-parallel-'));
const RANGE = 16 * 1024;
const hour = 3_600_000;

function shifted(copy: number): AuditRecord[] {
  return records.map((r) => ({
    ...r,
    Id: `${copy.toString(16).padStart(8, '0')}${String(r.Id).slice(8)}`,
    CreationTime: new Date(Date.parse(`${r.CreationTime}Z`) + copy * hour).toISOString().slice(0, 19),
  }));
}
const body = Array.from({ length: 40 }, (_, copy) => shifted(copy)).flat();
// Every 50th record again 200 records later: the copy lands in another range and must count as a duplicate.
const withRepeats = body.flatMap((r, i) => (i >= 200 && i % 50 === 0 ? [r, body[i - 200]] : [r]));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

// The first range is read on the main thread, which reads on alone when it holds few events the rule reads
// (minEventsPerMb) and otherwise hands the other ranges to workers: both ways are checked.
async function both(path: string, minEventsPerMb: number) {
  const whole = analyzeChunks([{ name: 'f', chunks: [new Uint8Array(readFileSync(path))] }], DEFAULT_PARAMS);
  const session = createDetectingSession(DEFAULT_PARAMS);
  const summary = await analyzeFile(path, session, 'f', { minBytes: 0, rangeBytes: RANGE, workers: 2, minEventsPerMb });
  return { whole, parallel: { alerts: session.alerts(), files: [summary] } };
}

const cases = [
  { name: 'JSON lines with repeats across ranges', content: write.managementApiLines(withRepeats) },
  {
    name: 'JSON lines with damaged lines',
    content: write
      .managementApiLines(withRepeats)
      .split('\n')
      .map((line, i) => (i % 97 === 5 ? line.slice(0, 40) : i % 89 === 7 ? 'not json at all' : line))
      .join('\n'),
  },
  { name: 'Purview CSV with repeats across ranges', content: write.purviewCsv(withRepeats) },
  // From the middle on, AuditData written over several lines inside its quotes: range starts there fall
  // inside a row, so the reader must notice and read the rest of the file again in one piece.
  {
    name: 'Purview CSV whose later rows span lines',
    content:
      write.purviewCsv(withRepeats.slice(0, 600)) +
      write
        .purviewCsv(withRepeats.slice(600))
        .replace(/^[^\n]*\n/, '')
        .replace(/"\{""/g, '"{\n ""')
        .replace(/,""/g, ',\n""'),
  },
  // Rows spanning lines from the start: the first range's end falls inside a row too.
  {
    name: 'Purview CSV whose rows all span lines',
    content: write.purviewCsv(withRepeats).replace(/"\{""/g, '"{\n ""').replace(/,""/g, ',\n""'),
  },
];

describe.each(cases)('$name', ({ name, content }) => {
  const path = file(`${name.replace(/\W+/g, '-')}.${name.includes('CSV') ? 'csv' : 'jsonl'}`, content);

  test('splits into many ranges (the comparison is not vacuous)', () => {
    const plan = planRanges(path, Math.ceil(content.length / RANGE));
    expect(plan?.bounds.length).toBeGreaterThan(20);
  });

  test.each([
    { how: 'workers after the first range', minEventsPerMb: 0 },
    { how: 'the main thread alone', minEventsPerMb: Infinity },
  ])('the same alerts and summary as a whole-file read: $how', async ({ minEventsPerMb }) => {
    const { whole, parallel } = await both(path, minEventsPerMb);
    expect(whole.alerts.length).toBeGreaterThan(40);
    expect(whole.files[0].duplicates).toBeGreaterThan(0);
    expect(parallel).toEqual(whole);
  });
});
