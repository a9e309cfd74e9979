// What reading one file reports (types.ts FileSummary): its empty start, the limits on what it lists, and
// its verdict on the rule's fields, which a merge of a file's ranges (the command line's worker threads)
// works out again from the merged tally.

import { judgeFields, noFields, NO_MAIL_READS, settledFields } from './rule-fields.ts';
import type { FileSummary } from './types.ts';

/** Problems listed per file; the rest are counted, so memory stays flat on a file of garbage. */
export const MAX_LISTED_PROBLEMS = 100;
/** Problems a host lists for a file that was not analysed: the reason it was not read comes first. */
const LISTED_WHEN_NOT_ANALYSED = 3;
/** Tenants a summary names; a file of more is a collector's merge, and the list only has to show that. */
export const MAX_TENANTS_LISTED = 20;

/** The problems a host lists for a file, and how many more it counts: a file not analysed lists only its first. */
export function listedProblems(summary: FileSummary): { listed: FileSummary['problems']; more: number } {
  const listed = summary.unsupported ? summary.problems.slice(0, LISTED_WHEN_NOT_ANALYSED) : summary.problems;
  return { listed, more: summary.moreProblems + summary.problems.length - listed.length };
}

export const reusedIdMessage = (id: string) =>
  `record Id ${id} was seen before on a record with other content (time, mailbox or application differ): counted as a read of its own`;

export function emptySummary(name: string): FileSummary {
  return {
    name,
    format: 'not yet known',
    encoding: '',
    bytes: 0,
    records: 0,
    skipped: 0,
    selected: 0,
    duplicates: 0,
    firstTime: null,
    lastTime: null,
    problems: [],
    moreProblems: 0,
    unjudged: 0,
    warnings: [],
    tenants: [],
    cutShort: false,
    reusedIds: 0,
    fields: noFields(),
  };
}

/** The file's verdict on the rule's fields (rule-fields.ts), from its tally. */
export function judgeSummary(summary: FileSummary): FileSummary {
  const fields = settledFields(summary.fields);
  if (summary.unsupported) return { ...summary, fields, unjudged: 0, warnings: [] };
  const { unjudged, warnings } = judgeFields(fields, /CSV|Export-Csv/.test(summary.format) ? 'column' : 'field');
  if (summary.records > 0 && !fields.mailReads) warnings.push(NO_MAIL_READS);
  return { ...summary, fields, unjudged, warnings };
}
