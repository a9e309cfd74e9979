// The alert table's rows: the API-read rule's alerts and the detection pack's, in one list so that sorting
// and the detection filter cover every alert. A pack alert fills the columns it has a value for (its
// applications, mailboxes, source addresses, records and risk); the rest stay blank.

import type { PackAlert } from '../core/detections/model.ts';
import { API_READ_DETECTION } from '../core/detections/story.ts';
import type { AlertRow } from '../worker/api.ts';
import { alertKey } from './alert-sort.ts';

export interface DetectionTag {
  /** The detection's key: its ESCU id, or `<id>:analyst` for an analyst variant. */
  detectionKey: string;
  detectionName: string;
  /** The pack alert behind the row; null for an API-read alert. */
  pack: PackAlert | null;
}

export type TableRow = AlertRow & DetectionTag;

/** A detection's name as the table lists it: an analyst variant says so. */
export const detectionLabel = (name: string, key: string) => (key.endsWith(':analyst') ? `${name} (analyst variant)` : name);

export const apiRow = (alert: AlertRow): TableRow => ({
  ...alert,
  detectionKey: API_READ_DETECTION.id,
  detectionName: API_READ_DETECTION.name,
  pack: null,
});

const sources = (p: PackAlert) => (p.fields.src ? [p.fields.src] : (p.values.src ?? []));

export const packRow = (p: PackAlert): TableRow => ({
  time: p.firstTime,
  end: p.lastTime,
  tenant: p.fields.vendor_account ?? '',
  clientAppId: p.applications.join(', '),
  clientInfoString: '',
  uniqueMailboxes: p.mailboxes.length,
  srcIps: sources(p),
  events: p.count,
  operationCount: p.count,
  bind: 0,
  sync: 0,
  throttledMailboxes: 0,
  firstEvent: p.firstTime,
  lastEvent: p.lastTime,
  riskScore: p.risk,
  mitre: p.technique,
  detectionKey: p.key,
  detectionName: p.detectionName,
  pack: p,
});

/** A row's identity across answers: an API-read alert's group and window; a pack alert's detection, group and records. */
export const rowKey = (row: AlertRow & Partial<DetectionTag>): string =>
  row.pack ? `${row.pack.key}\u0000${row.pack.firstTime}\u0000${JSON.stringify(row.pack.fields)}\u0000${row.pack.recordIds.join(',')}` : alertKey(row);

/** The detections the rows hold, each once, by name. */
export function detectionsPresent(rows: TableRow[]): { key: string; label: string }[] {
  const found = new Map<string, string>();
  for (const r of rows) if (!found.has(r.detectionKey)) found.set(r.detectionKey, detectionLabel(r.detectionName, r.detectionKey));
  return [...found].map(([key, label]) => ({ key, label })).sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
