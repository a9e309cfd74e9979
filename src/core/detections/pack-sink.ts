// Where the engine hands records to the pack. The reader asks `wants(bytes)` of each record it would
// otherwise count undecoded: a record whose bytes name none of the selected detections' operations (or
// needles) stays undecoded. Every record the reader decodes goes to `add`, and the runner keeps the ones a
// detection selects. Records seen twice (the same export as JSON and as CSV, overlapping exports) are
// counted once, by their Id, as the API-read rule's events are.

import { asciiBytes, scalarSearch } from '../bytes.ts';
import { text, type AuditRecord } from './fields.ts';
import { DETECTIONS, packNeedles } from './index.ts';
import type { Detection, DetectionOptions, PackAlert } from './model.ts';
import { createPackRunner } from './runner.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;

export interface PackSink {
  wants(bytes: Uint8Array): boolean;
  /** A decoded record; `fallbackTime` stands in for a missing CreationTime (Sentinel's TimeGenerated). */
  add(record: AuditRecord, fallbackTime?: unknown): void;
  results(): { alerts: PackAlert[]; context: PackAlert[] };
}

export function createPackSink(detections: Detection[] = DETECTIONS, options?: DetectionOptions): PackSink {
  // The JavaScript search: the WebAssembly one has a few needle slots, which the API-read rule's needles use.
  // Exports write Operation names in one spelling, so those are matched as written (fast); an id such as
  // Graph's AppId may come in either case, and an analytic may spell an operation its own way
  // (`set-InboxRule`), so those are matched ignoring case.
  const caseless = (needle: string) => GUID.test(needle) || /^[a-z]/.test(needle);
  const searches = packNeedles(detections).map((needle) => scalarSearch(asciiBytes(needle), { ignoreAsciiCase: caseless(needle) }));
  const runner = createPackRunner(detections, options);
  const seen = new Set<string>();
  return {
    wants: (bytes) => searches.some((find) => find(bytes, 0) !== -1),
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
