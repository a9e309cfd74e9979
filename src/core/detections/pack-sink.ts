// Where the engine hands records to the pack. The reader asks `wants(bytes)` of each record it would
// otherwise count undecoded: a record whose bytes name none of the selected detections' operations (or
// needles) stays undecoded. Every record the reader reads goes to `add` (parsed whole, or, for a read no
// other analytic names, the row of its fields read on its bytes), and the runner keeps the ones a
// detection selects. Records seen twice (the same export as JSON and as CSV, overlapping exports) are
// counted once, by their Id, Operation and CreationTime (kept as a 64-bit hash of the three).

import { SELECTED_OPERATION } from '../normalise.ts';
import { text, type AuditRecord } from './fields.ts';
import { DETECTIONS } from './index.ts';
import { createOperationFilter } from './operation-filter.ts';
import type { Detection, DetectionOptions, PackAlert } from './model.ts';
import { createPackRunner } from './runner.ts';
import { HashedKeys } from '../hashed-keys.ts';

export interface PackSink {
  wants(bytes: Uint8Array): boolean;
  /** A decoded record; `fallbackTime` stands in for a missing CreationTime (Sentinel's TimeGenerated). */
  add(record: AuditRecord, fallbackTime?: unknown): void;
  results(): { alerts: PackAlert[]; context: PackAlert[] };
}

export function createPackSink(detections: Detection[] = DETECTIONS, options?: DetectionOptions): PackSink {
  // The API-read rule decodes every MailItemsAccessed record naming Graph or EWS, which is all the pack's
  // context analytics select: the filter leaves those to it.
  const filter = createOperationFilter(detections, [SELECTED_OPERATION]);
  const runner = createPackRunner(detections, options);
  const seen = new HashedKeys(); // one key per selected record: every API read, so 8 bytes each
  return {
    wants: filter.wants,
    add(record, fallbackTime) {
      if ((record.CreationTime === undefined || record.CreationTime === null) && fallbackTime !== undefined) record = { ...record, CreationTime: fallbackTime };
      const id = text(record.Id);
      const key = id && `${id}\u0000${text(record.Operation)}\u0000${text(record.CreationTime)}`;
      if (key && seen.has(key)) return;
      if (runner.add(record, id) && key) seen.add(key);
    },
    results: () => runner.results(),
  };
}
