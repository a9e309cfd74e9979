// A large file read in ranges, by worker threads when it is dense in records to parse, with the answer a
// whole-file read would give. The main thread reads the first range and decides (PARALLEL_MIN_EVENTS_PER_MB):
// a sparse file it reads on alone. Otherwise the file is cut into ranges of about 64 MB at record boundaries
// (larger ranges, fewer analyzers: a worker's first analyzers run slower code until V8 has optimised it,
// about 2x over its first dozen 32 MB ranges):
//   JSON lines: after a newline, at a line that is a whole audit record (a newline never occurs inside a
//     JSON lines record, and the file's first line proves it is JSON lines);
//   CSV: after a newline, assumed outside quotes, and checked afterwards: a range that read without a
//     problem ended outside quotes, so the next one began on a row. When a range did not, the file from that
//     range on is read again in one piece on the main thread.
// Workers take the other ranges in file order, each handed the CSV header first, and send their events back in
// batches; the main thread counts events in file order (deduplication keeps the first copy of a record).
// Ranges are handed out at most a few ahead of the one being counted, so the events waiting to be counted,
// and memory with them, stay bounded however large the file.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { formatOfRow, type Row } from '../core/formats.ts';
import { createFileAnalyzer, REUSED_ID } from '../core/analyzer.ts';
import { reusedIdMessage } from '../core/file-summary.ts';
import type { Session } from '../core/session.ts';
import { countByte } from '../core/bytes.ts';
import { sniffEncoding } from '../core/sniff.ts';
import type { FileSummary, MailEvent, Problem } from '../core/types.ts';
import { decodeEvents, type EventColumns } from '../core/event-columns.ts';
import { mergeRangeSummaries } from './range-summary.ts';
import { readRange } from './read-file.ts';
import { startRangeWorker } from './start-range-worker.ts';

export interface RangeJob {
  path: string;
  name: string;
  /** Which range of the file, in file order. */
  index: number;
  start: number;
  end: number;
  /** Bytes fed before the range: the CSV header line. */
  prefix: Uint8Array | null;
  /** The session's analyzer options that are plain data (a responder's time offset). */
  localOffsetMinutes?: number;
}

export interface RangeMessage {
  index: number;
  /** The events in columns, with each event's line in the range. */
  events: EventColumns & { lines: Uint32Array<ArrayBuffer> };
  /** With the last message of a range: its summary, lines counted from the range's first byte (or the prefix). */
  summary?: FileSummary;
}

/** Below this a file is read on the main thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 << 20;
/** About how much of the file one range holds. */
export const RANGE_BYTES = 64 << 20;
/** Ranges handed out beyond the one being counted, per worker: enough to keep every worker busy. */
const AHEAD_PER_WORKER = 2;
const JOBS_PER_WORKER = 2;
const PROBE = 256 * 1024;

function readAt(fd: number, at: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  return bytes.subarray(0, readSync(fd, bytes, 0, length, at));
}

function countLines(path: string, from: number, to: number): number {
  const fd = openSync(path, 'r');
  let lines = 0;
  for (let at = from; at < to; at += PROBE) lines += countByte(readAt(fd, at, Math.min(PROBE, to - at)), 0x0a);
  closeSync(fd);
  return lines;
}
const isAuditLine = (line: Uint8Array) => {
  try {
    const row: unknown = JSON.parse(new TextDecoder().decode(line));
    return !!row && typeof row === 'object' && !Array.isArray(row) && !!formatOfRow(row as Row)?.unwrap;
  } catch {
    return false;
  }
};

/** The ranges to read, or null when the file is not one that splits safely. */
export function planRanges(path: string, parts: number): { csv: boolean; prefix: Uint8Array | null; bounds: number[] } | null {
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
    return { csv, prefix: csv ? head.slice(from, firstNewline + 1) : null, bounds };
  } finally {
    closeSync(fd);
  }
}

// A worker keeps little alive (its analyzer and one batch of events), so a smaller young generation costs no
// time and keeps its memory flat.
const startWorkers = (count: number): Worker[] => Array.from({ length: count }, () => startRangeWorker({ resourceLimits: { maxYoungGenerationSizeMb: 16 } }));

/**
 * Worker threads are started only when the first range holds at least this many events the rule reads per
 * MB. Below it, one thread is faster: the splitters skip unread records in WebAssembly faster than cold
 * worker threads start and warm up. Measured on the benchmark files, one thread against two workers: JSON
 * lines 5% (about 10 per MB) 623-639 ms against 833-887 ms, Purview CSV 5% (8 per MB) 1.25-1.34 s against
 * 1.36-1.50 s, JSON lines 100% (184 per MB) 3.1 s against 2.6 s.
 */
export const PARALLEL_MIN_EVENTS_PER_MB = 50;

export interface ReadOptions {
  /** Files smaller than this are read on the main thread. */
  minBytes?: number;
  rangeBytes?: number;
  workers?: number;
  /** See PARALLEL_MIN_EVENTS_PER_MB. */
  minEventsPerMb?: number;
}

/** A range without a problem or a skipped record: for CSV, proof that it ended outside quotes. */
const readCleanly = (summary: FileSummary) => summary.skipped === 0 && summary.problems.length === 0;

interface Range {
  start: number;
  end: number;
  queue: RangeMessage[];
  summary: FileSummary | null;
}

/** One file into the session, split across worker threads when it is large enough; the same result as one read. */
export async function analyzeFile(path: string, session: Session, name = basename(path), options: ReadOptions = {}): Promise<FileSummary> {
  const { minBytes = PARALLEL_MIN_BYTES, rangeBytes = RANGE_BYTES, workers = availableParallelism(), minEventsPerMb = PARALLEL_MIN_EVENTS_PER_MB } = options;
  const size = statSync(path).size;
  // The detection pack reads records on this thread (its tallies do not cross to workers): one piece.
  const parallel = workers > 1 && size >= minBytes && !session.analyzerOptions.pack;
  const plan = parallel ? planRanges(path, Math.max(workers, Math.ceil(size / rangeBytes))) : null;
  if (!plan || plan.bounds.length < 3) {
    const analyzer = session.file(name);
    readRange(path, analyzer);
    return analyzer.end();
  }
  const ranges: Range[] = plan.bounds.slice(0, -1).map((start, i) => ({ start, end: plan.bounds[i + 1], queue: [], summary: null }));
  // A range's lines are numbered from its own start (after the header, for CSV); the newlines before it
  // are counted only when a line number is needed, which happens only for damaged or hostile files.
  const before: number[] = [0];
  const newlinesBefore = (k: number): number => {
    for (let i = before.length; i <= k; i++) before[i] = before[i - 1] + countLines(path, ranges[i - 1].start, ranges[i - 1].end);
    return before[k];
  };
  const offsetOf = (k: number) => newlinesBefore(k) - (k > 0 && plan.csv ? 1 : 0);
  const count = session.sink();
  const counted: Problem[] = [];
  let duplicates = 0;
  let reusedIds = 0;
  let current = 0; // the range being counted
  let dispatched = 0; // ranges handed to a worker so far
  let rereadFrom = -1; // CSV: the first range whose start is not a proven row boundary

  // One event of range k into the session, with its line in the range.
  const countEvent = (event: MailEvent, line: number, k: number) => {
    const verdict = count(event, line);
    if (verdict === false) duplicates++;
    else if (verdict === REUSED_ID) {
      reusedIds++;
      counted.push({ line: line + offsetOf(k), message: reusedIdMessage(event.id) });
    } else if (typeof verdict === 'string') counted.push({ line: line + offsetOf(k), message: verdict });
  };
  // The first range on this thread. The same analyzer reads on to the end of the file when the range holds
  // few events the rule reads. A CSV range's events wait until it has read cleanly, as a worker's do.
  const waiting: [MailEvent, number][] = [];
  let countNow = !plan.csv;
  const { analyzerOptions } = session;
  const first = createFileAnalyzer(name, (event, line) => (countNow ? countEvent(event, line, 0) : waiting.push([event, line]), true), analyzerOptions);
  const countWaiting = () => {
    for (const [event, line] of waiting.splice(0)) countEvent(event, line, 0);
    countNow = true;
  };
  readRange(path, first, 0, plan.bounds[1]);
  const sample = first.snapshot();
  if (sample.selected < minEventsPerMb * (plan.bounds[1] / 1e6)) {
    countWaiting();
    readRange(path, first, plan.bounds[1]);
    return mergeRangeSummaries([{ summary: first.end(), lineOffset: 0 }], plan.prefix, { duplicates, reusedIds, problems: counted });
  }
  ranges[0].summary = first.end();
  if (plan.csv && !readCleanly(ranges[0].summary)) rereadFrom = 0;
  else countWaiting();
  current = dispatched = 1;

  const countQueued = (k: number) => {
    for (const { events: batch } of ranges[k].queue.splice(0)) decodeEvents(batch).forEach((event, i) => countEvent(event, batch.lines[i], k));
  };
  // JSON lines events count as they arrive. A CSV range counts once it has read cleanly (so its end was a
  // row boundary), or when it is the last; at one that did not, counting stops, and the file from that
  // range's start (proven by the clean range before it) is read again on the main thread.
  const advance = () => {
    for (; current < ranges.length && rereadFrom === -1; current++) {
      const range = ranges[current];
      if (!plan.csv) countQueued(current);
      if (!range.summary) return;
      if (plan.csv) {
        if (!readCleanly(range.summary) && current < ranges.length - 1) {
          rereadFrom = current;
          return;
        }
        countQueued(current);
      }
    }
  };

  const pool = rereadFrom === -1 ? startWorkers(Math.min(workers, ranges.length - 1)) : [];
  if (pool.length)
    await new Promise<void>((resolve, reject) => {
      const give = (worker: Worker) => {
        const k = dispatched;
        if (k >= ranges.length || k >= current + AHEAD_PER_WORKER * pool.length || rereadFrom !== -1) return false;
        dispatched++;
        jobs.set(worker, jobs.get(worker)! + 1);
        worker.postMessage({
          path,
          name,
          index: k,
          start: ranges[k].start,
          end: ranges[k].end,
          prefix: k > 0 ? plan.prefix : null,
          localOffsetMinutes: analyzerOptions.localOffsetMinutes,
        } satisfies RangeJob);
        return true;
      };
      // Each worker holds up to JOBS_PER_WORKER ranges, handed out in turn, so it starts the next one without
      // waiting for the main thread to answer.
      const jobs = new Map(pool.map((worker) => [worker, 0]));
      const fill = () => {
        for (let held = 0; held < JOBS_PER_WORKER; held++) for (const worker of pool) if (jobs.get(worker)! <= held && !give(worker)) return;
      };
      const finishedAll = () => rereadFrom !== -1 || current === ranges.length;
      for (const worker of pool) {
        worker.on('error', reject);
        worker.on('message', (message: RangeMessage) => {
          const range = ranges[message.index];
          range.queue.push(message);
          if (message.summary) {
            range.summary = message.summary;
            jobs.set(worker, jobs.get(worker)! - 1);
          }
          advance();
          fill();
          if (finishedAll()) resolve();
        });
      }
      fill();
    }).finally(() => Promise.all(pool.map((worker) => worker.terminate())));

  const read = ranges.slice(0, rereadFrom === -1 ? ranges.length : rereadFrom);
  const results = read.map((r, k) => ({ summary: r.summary!, lineOffset: r.summary!.problems.length ? offsetOf(k) : 0 }));
  if (rereadFrom !== -1) {
    // The header, then the rest of the file from the last proven row boundary, in one piece.
    const analyzer = createFileAnalyzer(name, (event, line) => (countEvent(event, line, rereadFrom), true), analyzerOptions);
    if (rereadFrom > 0) analyzer.write(plan.prefix!);
    readRange(path, analyzer, ranges[rereadFrom].start);
    const rest = analyzer.end();
    results.push({ summary: rest, lineOffset: rest.problems.length ? offsetOf(rereadFrom) : 0 });
  }
  return mergeRangeSummaries(results, plan.prefix, { duplicates, reusedIds, problems: counted });
}
