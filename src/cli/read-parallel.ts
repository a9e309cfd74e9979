// A large file read in ranges, by worker threads when it is dense in records to parse, with the answer a
// whole-file read gives. The main thread reads the first range and decides (PARALLEL_MIN_EVENTS_PER_MB): a
// sparse file it reads on alone; otherwise workers read the other ranges (plan-ranges.ts), handed out in file
// order at most a few ahead of the one being counted (file-order.ts), so the events waiting, and memory with
// them, stay bounded however large the file.

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { createFileAnalyzer } from '../core/analyzer.ts';
import type { Session } from '../core/session.ts';
import type { FileSummary } from '../core/types.ts';
import { createFileOrder, type FileOrder } from './file-order.ts';
import { lineOffsets, PARALLEL_MIN_BYTES, planRanges, RANGE_BYTES, type RangePlan } from './plan-ranges.ts';
import type { RangeJob, RangeMessage } from './range-job.ts';
import { readRange } from './read-file.ts';
import { startRangeWorker } from './start-range-worker.ts';

// Worker threads start only when the first range holds at least this many events the rule reads per MB.
// Below it one thread is faster: the splitters skip unread records in WebAssembly faster than cold worker
// threads start and warm up (docs/performance.md).
export const PARALLEL_MIN_EVENTS_PER_MB = 50;
/** Ranges handed out beyond the one being counted, per worker: enough to keep every worker busy. */
const AHEAD_PER_WORKER = 2;
const JOBS_PER_WORKER = 2;

/** minBytes: files smaller than this are read on the main thread; minEventsPerMb: see PARALLEL_MIN_EVENTS_PER_MB. */
export interface ReadOptions {
  minBytes?: number;
  rangeBytes?: number;
  workers?: number;
  minEventsPerMb?: number;
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
  const order = createFileOrder(plan, session, lineOffsets(path, plan));
  const first = createFileAnalyzer(name, (event, line) => (order.event(0, event, line), true), session.analyzerOptions);
  readRange(path, first, 0, plan.bounds[1]);
  if (first.snapshot().selected < minEventsPerMb * (plan.bounds[1] / 1e6)) {
    order.readAlone();
    readRange(path, first, plan.bounds[1]);
  }
  order.done(0, first.end());
  if (!order.finished()) await readInWorkers({ path, name, localOffsetMinutes: session.analyzerOptions.localOffsetMinutes }, plan, order, workers);
  const from = order.rereadFrom();
  if (from === -1) return order.summary();
  // The header, then the rest of the file from the last proven row boundary, in one piece.
  const rest = createFileAnalyzer(name, order.countNow(from), session.analyzerOptions);
  if (from > 0) rest.write(plan.prefix!);
  readRange(path, rest, plan.bounds[from]);
  return order.summary(rest.end());
}

// Ranges 1 on, handed to the workers in file order, each worker holding up to JOBS_PER_WORKER in turn, so it
// starts the next without waiting for the main thread to answer.
function readInWorkers(file: Pick<RangeJob, 'path' | 'name' | 'localOffsetMinutes'>, plan: RangePlan, order: FileOrder, workers: number): Promise<void> {
  const ranges = plan.bounds.length - 1;
  const pool = Array.from({ length: Math.min(workers, ranges - 1) }, startRangeWorker);
  const held = new Map(pool.map((worker) => [worker, 0]));
  let next = 1;
  const give = (worker: Worker) => {
    if (next >= ranges || next >= order.current() + AHEAD_PER_WORKER * pool.length || order.finished()) return false;
    const k = next++;
    held.set(worker, held.get(worker)! + 1);
    worker.postMessage({ ...file, index: k, start: plan.bounds[k], end: plan.bounds[k + 1], prefix: plan.prefix } satisfies RangeJob);
    return true;
  };
  const fill = () => {
    for (let depth = 0; depth < JOBS_PER_WORKER; depth++) for (const worker of pool) if (held.get(worker)! <= depth && !give(worker)) return;
  };
  return new Promise<void>((resolve, reject) => {
    for (const worker of pool) {
      worker.on('error', reject);
      worker.on('message', ({ index, events, summary }: RangeMessage) => {
        order.batch(index, events);
        if (summary) {
          held.set(worker, held.get(worker)! - 1);
          order.done(index, summary);
        }
        fill();
        if (order.finished()) resolve();
      });
    }
    fill();
  }).finally(() => Promise.all(pool.map((worker) => worker.terminate())));
}
