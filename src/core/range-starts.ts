// Where a file may be cut into byte ranges that are read apart, each by its own analyzer, and give together
// what one read of the whole file gives: for a host that reads ranges in parallel (the command line's
// worker threads). The host reads the bytes; this answers from them:
//   JSON lines: a range starts after a newline, at a line that is a whole audit record (a newline never
//     occurs inside a JSON lines record, and the file's first line, an audit record, proves it is JSON lines).
//   CSV: a range starts after a newline and is fed the header line first. Whether that newline was outside
//     quotes is known only afterwards: a range that read without a problem or a skipped record ended outside
//     quotes, so the next one began on a row. From the first range that did not, the file is read again in
//     one piece, from that range's start (the last proven row boundary).
// Any other file (not UTF-8, a JSON array or wrapper, a CSV header whose quotes do not close) is read whole.

import { countByte, decodeUtf8 } from './bytes.ts';
import { formatOfRow, type Row } from './formats.ts';
import { sniffEncoding } from './sniff.ts';
import type { FileSummary } from './types.ts';

const LF = 0x0a;

export interface RangeSplit {
  kind: 'json lines' | 'csv';
  /** Bytes to feed before every range but the first: the CSV header line (null for JSON lines). */
  prefix: Uint8Array | null;
}

function isAuditLine(line: Uint8Array): boolean {
  try {
    const row: unknown = JSON.parse(decodeUtf8(line));
    return !!row && typeof row === 'object' && !Array.isArray(row) && !!formatOfRow(row as Row)?.unwrap;
  } catch {
    return false;
  }
}

/** How a file that opens with `head` splits, or null when it must be read whole. `head` must hold the first line. */
export function rangeSplit(head: Uint8Array): RangeSplit | null {
  if (sniffEncoding(head).encoding !== 'utf-8') return null;
  const from = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const firstNewline = head.indexOf(LF, from);
  if (firstNewline === -1) return null;
  const firstLine = head.subarray(from, firstNewline);
  if (head[from] === 0x7b) return isAuditLine(firstLine) ? { kind: 'json lines', prefix: null } : null;
  if (head[from] === 0x5b || head[from] === 0x23 || countByte(firstLine, 0x22) % 2) return null;
  return { kind: 'csv', prefix: head.slice(from, firstNewline + 1) };
}

/**
 * Where in `probe`, bytes read from a place the host would like to cut, a range may start (an index just
 * after a newline); -1 when nowhere in them.
 */
export function rangeStart(split: RangeSplit, probe: Uint8Array): number {
  let at = probe.indexOf(LF);
  if (split.kind === 'csv') return at === -1 ? -1 : at + 1;
  // A line cut short by the end of the probe is not a whole record.
  while (at !== -1 && !isAuditLine(probe.subarray(at + 1, Math.max(at + 1, probe.indexOf(LF, at + 1))))) at = probe.indexOf(LF, at + 1);
  return at === -1 ? -1 : at + 1;
}

/** Whether a range's events may be counted before it has been read to its end: nothing read later can disprove its start. */
export const startIsCertain = (split: RangeSplit): boolean => split.kind === 'json lines';

/** Whether a range that read to its end as `summary` says ended on a record boundary, so the range after it began on one. */
export function endsOnBoundary(split: RangeSplit, summary: FileSummary): boolean {
  return split.kind === 'json lines' || (summary.skipped === 0 && summary.problems.length === 0);
}
