// A large file read by several worker threads at once, each analysing one byte range, with the answer a
// whole-file read would give. Ranges start at record boundaries:
//   JSON lines: after a newline, at a line that is a whole audit record (a newline never occurs inside a
//     JSON lines record, and the file's first line proves it is JSON lines);
//   CSV: after a newline, assumed outside quotes, and checked afterwards: the range before must have read
//     without a problem, else the file is read again in one piece.
// Each worker is handed the CSV header first. Events are counted on the main thread in file order.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { unwrap, type Row } from '../core/audit-record.ts';
import type { FileAnalyzer } from '../core/analyzer.ts';
import type { Session } from '../core/session.ts';
import { countNewlines } from '../core/bytes.ts';
import { sniffEncoding } from '../core/sniff.ts';
import type { FileSummary, MailEvent, Problem } from '../core/types.ts';
import { mergeRangeSummaries } from './range-summary.ts';
import { readInto } from './read-file.ts';

export interface RangeJob {
  path: string;
  name: string;
  start: number;
  end: number;
  /** Bytes fed before the range: the CSV header line. */
  prefix: Uint8Array | null;
  csv: boolean;
}

export interface RangeMessage {
  events: MailEvent[];
  lines: number[];
  /** With the last message: the range's summary, lines counted from the range's first byte (or the prefix). */
  summary?: FileSummary;
}

/** Below this a file is read on the main thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 << 20;
const PROBE = 256 * 1024;

function readAt(fd: number, at: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  return bytes.subarray(0, readSync(fd, bytes, 0, length, at));
}

function countLines(path: string, from: number, to: number): number {
  const fd = openSync(path, 'r');
  let lines = 0;
  for (let at = from; at < to; at += PROBE) lines += countNewlines(readAt(fd, at, Math.min(PROBE, to - at)), 0, Infinity);
  closeSync(fd);
  return lines;
}
const isAuditLine = (line: Uint8Array) => {
  try {
    const row: unknown = JSON.parse(new TextDecoder().decode(line));
    return !!row && typeof row === 'object' && !Array.isArray(row) && unwrap(row as Row) !== null;
  } catch {
    return false;
  }
};

/** The ranges to read, or null when the file is not one that splits safely. */
export function planRanges(path: string, parts: number): Omit<RangeJob, 'start' | 'end' | 'name'> & { bounds: number[] } | null {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const head = readAt(fd, 0, PROBE);
    if (sniffEncoding(head).encoding !== 'utf-8') return null;
    const from = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const firstNewline = head.indexOf(0x0a, from);
    if (firstNewline === -1) return null;
    const firstLine = head.subarray(from, firstNewline);
    const csv = head[from] !== 0x7b;
    if (csv && (head[from] === 0x5b || head[from] === 0x23 || firstLine.filter((b) => b === 0x22).length % 2)) return null;
    if (!csv && !isAuditLine(firstLine)) return null;
    const bounds = [0];
    for (let k = 1; k < parts; k++) {
      const probe = readAt(fd, Math.floor((size * k) / parts), PROBE);
      let at = probe.indexOf(0x0a);
      // JSON lines: the range must open on a whole audit record, as the file does.
      while (!csv && at !== -1 && !isAuditLine(probe.subarray(at + 1, Math.max(at + 1, probe.indexOf(0x0a, at + 1))))) {
        at = probe.indexOf(0x0a, at + 1);
      }
      if (at === -1) return null;
      const bound = Math.floor((size * k) / parts) + at + 1;
      if (bound > bounds[bounds.length - 1] && bound < size) bounds.push(bound);
    }
    bounds.push(size);
    return { path, csv, prefix: csv ? head.slice(from, firstNewline + 1) : null, bounds };
  } finally {
    closeSync(fd);
  }
}

// The command line runs TypeScript through tsx, and a worker thread would load every module through its
// loader again (about a second for two workers here); the worker bundled once with esbuild (tsx's own
// compiler) starts in a tenth of that.
let workerSource: Promise<string> | null = null;
const startWorker = async (workerData: RangeJob) => {
  workerSource ??= build({ entryPoints: [fileURLToPath(new URL('./range.worker.ts', import.meta.url))], bundle: true, write: false, format: 'cjs', platform: 'node', target: 'node20' }).then(
    (result) => result.outputFiles[0].text,
  );
  // A worker keeps little alive (its analyzer and one batch of events), so a smaller young generation costs
  // no time and keeps its memory flat: at 3x the input, peak RSS grew 22% instead of 56%.
  return new Worker(await workerSource, { eval: true, workerData, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
};

/** One file into the session, split across worker threads when it is large enough; the same result as one read. */
export async function analyzeFile(path: string, session: Session, name = basename(path)): Promise<FileSummary> {
  const whole = async () => {
    const analyzer: FileAnalyzer = session.file(name);
    await readInto(path, analyzer);
    return analyzer.end();
  };
  const parts = availableParallelism();
  const plan = parts > 1 && statSync(path).size >= PARALLEL_MIN_BYTES ? planRanges(path, parts) : null;
  if (!plan || plan.bounds.length < 3) return whole();

  const ranges = plan.bounds.slice(0, -1).map((start, i) => ({ start, end: plan.bounds[i + 1], queue: [] as RangeMessage[], summary: null as FileSummary | null }));
  // A range's lines are numbered from its own start (after the header, for CSV); the newlines before it
  // are counted only when a line number is needed, which happens only for damaged or hostile files.
  const before: number[] = [0];
  const newlinesBefore = (k: number): number => (before[k] ??= newlinesBefore(k - 1) + countLines(path, ranges[k - 1].start, ranges[k - 1].end));
  const offsetOf = (k: number) => newlinesBefore(k) - (k > 0 && plan.csv ? 1 : 0);
  const count = session.sink();
  const counted: Problem[] = [];
  let duplicates = 0;
  let current = 0;
  // Events count in file order: the range being counted as its events arrive, later ones when it is done.
  // CSV boundaries are only proven when every range before has read cleanly, so CSV counts at the end.
  const advance = () => {
    for (; current < ranges.length; current++) {
      const range = ranges[current];
      for (const { events, lines } of range.queue.splice(0)) {
        for (let i = 0; i < events.length; i++) {
          const verdict = count(events[i], lines[i]);
          if (verdict === false) duplicates++;
          else if (typeof verdict === 'string') counted.push({ line: lines[i] + offsetOf(current), message: verdict });
        }
      }
      if (!range.summary) return;
    }
  };
  await Promise.all(
    ranges.map(
      (range, i) =>
        new Promise<void>(async (resolve, reject) => {
          const job: RangeJob = { path, name, start: range.start, end: range.end, prefix: i > 0 ? plan.prefix : null, csv: plan.csv };
          const worker = await startWorker(job);
          worker.on('message', (message: RangeMessage) => {
            range.queue.push(message);
            if (message.summary) range.summary = message.summary;
            if (!plan.csv) advance();
            if (message.summary) resolve();
          });
          worker.on('error', reject);
        }),
    ),
  );
  // A CSV range that read without a single problem ended outside quotes, so the next range's start was a
  // real row boundary (an open quote at the end is reported as a problem on the range's last row).
  if (plan.csv && !ranges.slice(0, -1).every((r) => r.summary!.skipped === 0 && r.summary!.problems.length === 0)) return whole();
  advance();
  return mergeRangeSummaries(
    ranges.map((r, k) => ({ summary: r.summary!, lineOffset: r.summary!.problems.length ? offsetOf(k) : 0 })),
    plan.prefix,
    { duplicates, problems: counted },
  );
}
