// Byte ranges of a large file, analysed in a worker thread by the same analyzer a whole-file read uses, one
// range per job, in the order the main thread hands them out. Events go back in batches with their line in
// the range; the main thread counts them in file order (file-order.ts: deduplication keeps the first copy).

import { parentPort } from 'node:worker_threads';
import { createFileAnalyzer } from '../core/analyzer.ts';
import { encodeEvents } from '../core/event-columns.ts';
import type { MailEvent } from '../core/types.ts';
import type { RangeJob, RangeMessage } from './range-job.ts';
import { readRange } from './read-file.ts';

const port = parentPort!;

// Small batches: events waiting in a large one outlived the young generation, and collecting them cost a
// worker about a sixth of its time on a file of MailItemsAccessed reads (docs/performance.md).
const BATCH_EVENTS = 1024;

function analyzeRange(job: RangeJob): void {
  let events: MailEvent[] = [];
  let lines: number[] = [];
  // Sent by column (core/event-columns.ts): structured clone would write every property name of every
  // event, and the main thread, which also counts every event, would rebuild them one by one.
  const flush = (summary?: RangeMessage['summary']) => {
    const columns = encodeEvents(events);
    const batch = { ...columns, lines: Uint32Array.from(lines) };
    port.postMessage({ index: job.index, events: batch, summary } satisfies RangeMessage, [
      columns.text.buffer,
      columns.numbers.buffer,
      columns.flags.buffer,
      batch.lines.buffer,
    ]);
    events = [];
    lines = [];
  };
  const analyzer = createFileAnalyzer(
    job.name,
    (event, line) => {
      events.push(event);
      lines.push(line);
      if (events.length === BATCH_EVENTS) flush();
      return true;
    },
    { localOffsetMinutes: job.localOffsetMinutes },
  );
  if (job.prefix) analyzer.write(job.prefix);
  readRange(job.path, analyzer, job.start, job.end);
  flush(analyzer.end());
}

port.on('message', analyzeRange);
