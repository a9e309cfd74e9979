// The per-range summaries of one file read in pieces, put back together as the summary of a whole-file
// read: counts add up, lines move by the newlines before each range, the first range names the format.

import { judgeSummary, MAX_LISTED_PROBLEMS, MAX_TENANTS_LISTED } from '../core/file-summary.ts';
import { mergeFields } from '../core/rule-fields.ts';
import type { FileSummary, Problem } from '../core/types.ts';

export interface RangeResult {
  summary: FileSummary;
  /** What turns the range's line numbers into the file's. */
  lineOffset: number;
}

/**
 * `prefix`: the bytes fed to every range after the first (the CSV header line). `counted`: what counting
 * the events on the main thread found (duplicates, and problems with file lines).
 */
export function mergeRangeSummaries(
  ranges: RangeResult[],
  prefix: Uint8Array | null,
  counted: { duplicates: number; reusedIds: number; problems: Problem[] },
): FileSummary {
  const first = ranges[0].summary;
  const problems: Problem[] = [];
  let total = counted.problems.length;
  let firstTime = first.firstTime;
  let lastTime = first.lastTime;
  const merged: FileSummary = { ...first, bytes: 0, records: 0, skipped: 0, selected: 0, duplicates: counted.duplicates, problems, moreProblems: 0 };
  ranges.forEach(({ summary, lineOffset }, i) => {
    merged.bytes += summary.bytes - (i > 0 && prefix ? prefix.length : 0);
    merged.records += summary.records;
    merged.skipped += summary.skipped;
    merged.selected += summary.selected;
    for (const p of summary.problems) problems.push({ line: p.line + lineOffset, message: p.message });
    total += summary.problems.length + summary.moreProblems;
    if (summary.firstTime && (!firstTime || Date.parse(summary.firstTime) < Date.parse(firstTime))) firstTime = summary.firstTime;
    if (summary.lastTime && (!lastTime || Date.parse(summary.lastTime) > Date.parse(lastTime))) lastTime = summary.lastTime;
  });
  // Problems found while counting belong among the others by line, as a whole-file read reports them.
  for (const p of counted.problems) {
    let at = problems.length;
    while (at > 0 && problems[at - 1].line > p.line) at--;
    problems.splice(at, 0, p);
  }
  problems.length = Math.min(problems.length, MAX_LISTED_PROBLEMS);
  merged.moreProblems = total - problems.length;
  merged.firstTime = firstTime;
  merged.lastTime = lastTime;
  merged.fields = mergeFields(ranges.map((r) => r.summary.fields));
  merged.reusedIds = counted.reusedIds;
  merged.tenants = [...new Set(ranges.flatMap((r) => r.summary.tenants))].slice(0, MAX_TENANTS_LISTED);
  merged.cutShort = ranges[ranges.length - 1].summary.cutShort; // only the last range ends where the file does
  return judgeSummary(merged);
}
