// A file's ranges where the core (range-starts.ts) allows them: this reads the bytes it answers from, the
// head and a probe at each place a cut would be even, and counts the newlines that place each range's lines
// in the file.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { countByte } from '../core/bytes.ts';
import { rangeSplit, rangeStart, type RangeSplit } from '../core/range-starts.ts';

/** Below this a file is read on the main thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 << 20;
/**
 * About how much of the file one range holds. Larger ranges mean fewer analyzers: a worker's first
 * analyzers run slower code until V8 has optimised it.
 */
export const RANGE_BYTES = 64 << 20;
const PROBE = 256 * 1024;

export interface RangePlan extends RangeSplit {
  /** Range k is bytes [bounds[k], bounds[k + 1]). */
  bounds: number[];
}

function readAt(fd: number, at: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  return bytes.subarray(0, readSync(fd, bytes, 0, length, at));
}

/** About `parts` ranges, or null when the file is not one that splits. */
export function planRanges(path: string, parts: number): RangePlan | null {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const split = rangeSplit(readAt(fd, 0, PROBE));
    if (!split) return null;
    const bounds = [0];
    for (let k = 1; k < parts; k++) {
      const even = Math.floor((size * k) / parts);
      const start = rangeStart(split, readAt(fd, even, PROBE));
      if (start === -1) return null;
      if (even + start > bounds[bounds.length - 1] && even + start < size) bounds.push(even + start);
    }
    bounds.push(size);
    return { ...split, bounds };
  } finally {
    closeSync(fd);
  }
}

function countLines(path: string, from: number, to: number): number {
  const fd = openSync(path, 'r');
  let lines = 0;
  for (let at = from; at < to; at += PROBE) lines += countByte(readAt(fd, at, Math.min(PROBE, to - at)), 0x0a);
  closeSync(fd);
  return lines;
}

/**
 * What turns range k's line numbers (counted from its own start, after the prefix) into the file's. The
 * newlines are counted when first asked for, which happens only for a damaged or hostile file.
 */
export function lineOffsets(path: string, plan: RangePlan): (k: number) => number {
  const before = [0];
  const prefixLines = plan.prefix ? countByte(plan.prefix, 0x0a) : 0;
  return (k) => {
    for (let i = before.length; i <= k; i++) before[i] = before[i - 1] + countLines(path, plan.bounds[i - 1], plan.bounds[i]);
    return before[k] - (k > 0 ? prefixLines : 0);
  };
}
