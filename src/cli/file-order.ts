// The events of a file read in ranges (read-parallel.ts), counted into the session in file order, as one
// read of the whole file counts them: deduplication keeps the first copy of a record, so a range's events
// wait until every range before it has been counted. A range whose start the core calls certain (JSON
// lines) counts its events as they arrive once it is the one being counted; a CSV range only once it has
// read to its end and so proved its end a row boundary (range-starts.ts), or when it is the last. At a CSV
// range that proved nothing, counting stops: the file from that range on must be read again in one piece.

import { REUSED_ID, type EventSink } from '../core/analyzer.ts';
import { decodeEvents } from '../core/event-columns.ts';
import { reusedIdMessage } from '../core/file-summary.ts';
import { endsOnBoundary, startIsCertain } from '../core/range-starts.ts';
import type { Session } from '../core/session.ts';
import type { FileSummary, MailEvent, Problem } from '../core/types.ts';
import type { RangePlan } from './plan-ranges.ts';
import type { RangeEvents } from './range-job.ts';
import { mergeRangeSummaries } from './range-summary.ts';

interface Range {
  /** What waits to be counted, in the order it arrived. */
  queue: (() => void)[];
  summary: FileSummary | null;
}

export interface FileOrder {
  /** One event of range k, with its line in the range. */
  event(k: number, event: MailEvent, line: number): void;
  /** A batch of range k's events from a worker, decoded when it is counted. */
  batch(k: number, events: RangeEvents): void;
  /** Range k has been read to its end. */
  done(k: number, summary: FileSummary): void;
  /** The first range's analyzer reads on to the end of the file: it is the only range. */
  readAlone(): void;
  /** The range being counted. */
  current(): number;
  /** The range from whose start the file must be read again in one piece, or -1. */
  rereadFrom(): number;
  /** Every range counted, or counting stopped for a re-read. */
  finished(): boolean;
  /** Counts each event straight away: for the re-read from range k. */
  countNow(k: number): EventSink;
  /** The file's summary, as a whole-file read gives it; `rest` is what the re-read found. */
  summary(rest?: FileSummary): FileSummary;
}

export function createFileOrder(plan: RangePlan, session: Session, lineOffset: (k: number) => number): FileOrder {
  const ranges: Range[] = plan.bounds.slice(1).map(() => ({ queue: [], summary: null }));
  const count = session.sink();
  const problems: Problem[] = [];
  let duplicates = 0;
  let reusedIds = 0;
  let current = 0;
  let rereadFrom = -1;

  const countEvent = (event: MailEvent, line: number, k: number) => {
    const verdict = count(event, line);
    if (verdict === false) duplicates++;
    else if (verdict === REUSED_ID) {
      reusedIds++;
      problems.push({ line: line + lineOffset(k), message: reusedIdMessage(event.id) });
    } else if (typeof verdict === 'string') problems.push({ line: line + lineOffset(k), message: verdict });
  };
  const countsOnArrival = (k: number) => k === current && rereadFrom === -1 && (startIsCertain(plan) || k === ranges.length - 1);
  const countQueued = (k: number) => {
    for (const counting of ranges[k].queue.splice(0)) counting();
  };
  const arrive = (k: number, counting: () => void) => (countsOnArrival(k) ? counting() : ranges[k].queue.push(counting));

  function advance() {
    for (; current < ranges.length && rereadFrom === -1; current++) {
      const last = current === ranges.length - 1;
      if (startIsCertain(plan) || last) countQueued(current);
      const { summary } = ranges[current];
      if (!summary) return;
      if (!last && !endsOnBoundary(plan, summary)) {
        rereadFrom = current;
        return;
      }
      countQueued(current);
    }
  }

  return {
    event: (k, event, line) => arrive(k, () => countEvent(event, line, k)),
    batch: (k, events) => arrive(k, () => decodeEvents(events).forEach((event, i) => countEvent(event, events.lines[i], k))),
    done(k, summary) {
      ranges[k].summary = summary;
      advance();
    },
    readAlone() {
      ranges.length = 1;
      advance();
    },
    current: () => current,
    rereadFrom: () => rereadFrom,
    finished: () => rereadFrom !== -1 || current === ranges.length,
    countNow: (k) => (event, line) => (countEvent(event, line, k), true),
    summary(rest) {
      const read = ranges.slice(0, rereadFrom === -1 ? ranges.length : rereadFrom).map(({ summary }) => summary!);
      if (rest) read.push(rest);
      const results = read.map((summary, k) => ({ summary, lineOffset: summary.problems.length ? lineOffset(k) : 0 }));
      return mergeRangeSummaries(results, plan.prefix, { duplicates, reusedIds, problems });
    },
  };
}
