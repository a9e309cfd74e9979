// What crosses between read-parallel.ts and its range worker threads (range.worker.ts): plain data only.

import type { EventColumns } from '../core/event-columns.ts';
import type { FileSummary } from '../core/types.ts';

/** One range for a worker to read. */
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

/** A batch of a range's events, in columns, with each event's line in the range. */
export type RangeEvents = EventColumns & { lines: Uint32Array<ArrayBuffer> };

export interface RangeMessage {
  index: number;
  events: RangeEvents;
  /** With the last message of a range: its summary, lines counted from the range's first byte (or the prefix). */
  summary?: FileSummary;
}
