// What the page says about the alerts beside the table. The alerts themselves are the worker's answer
// (worker/analysis.ts), asked for by use-workspace.ts.

import { LIMITS } from '../core/rule.ts';

/** What the page says when the rule's size limits kept stored events out of the count. */
export const uncountedNotice = (uncounted: number) =>
  `The rule tracks at most ${LIMITS.applications.toLocaleString('en-US')} applications and ${LIMITS.windows.toLocaleString('en-US')} windows: ` +
  `${uncounted.toLocaleString('en-US')} stored events beyond them are not counted, so alerts may be missing.`;

/** What the page says while the stored events are counted again for a new rule. */
export const countingNotice = ({ batchesDone, batchesTotal }: { batchesDone: number; batchesTotal: number }) =>
  `Counting the stored events for the new rule: ${batchesTotal ? Math.floor((100 * batchesDone) / batchesTotal) : 0}%.`;
