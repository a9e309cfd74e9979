// The alert report as CSV: one row per alert, lists joined by newlines inside the cell. Audit fields are
// attacker-influenced (ClientInfoString, UserId), so any cell a spreadsheet would run as a formula is
// defused with a leading apostrophe.
//
// PapaParse writes the CSV (quoting, escaping, CRLF). The defusing is done here rather than by its
// escapeFormulae: that option quotes every cell it defuses, which would change the report's bytes, and its
// default pattern (/^[=+\-@\t\r].*$/) does not match a formula on a cell of several lines ("=a\nb"), which
// a list of mailboxes is.

import Papa from 'papaparse';
import { isoUtc } from './time.ts';
import type { PackAlert } from './detections/model.ts';
import { API_READ_DETECTION } from './detections/story.ts';
import type { Alert, MailEvent } from './types.ts';

type Column = [header: string, value: (alert: Alert) => string | number | string[]];

export const REPORT_COLUMNS: Column[] = [
  ['time', (a) => a.time],
  ['end', (a) => a.end],
  ['tenant', (a) => a.tenant],
  ['clientAppId', (a) => a.clientAppId],
  ['clientInfoString', (a) => a.clientInfoString],
  ['uniqueMailboxes', (a) => a.uniqueMailboxes],
  ['mailboxes', (a) => a.mailboxes],
  ['users', (a) => a.users],
  ['srcIps', (a) => a.srcIps],
  ['appIds', (a) => a.appIds],
  ['events', (a) => a.events],
  ['operationCount', (a) => a.operationCount],
  ['bind', (a) => a.bind],
  ['sync', (a) => a.sync],
  ['throttledMailboxes', (a) => a.throttledMailboxes],
  ['firstEvent', (a) => a.firstEvent],
  ['lastEvent', (a) => a.lastEvent],
  ['riskScore', (a) => a.riskScore],
  ['mitre', (a) => a.mitre],
  ['message', (a) => a.message],
  ['detection', () => API_READ_DETECTION.id],
  ['detectionName', () => API_READ_DETECTION.name],
  ['risk', (a) => a.riskScore],
  ['technique', (a) => a.mitre],
];

// A pack alert in the same columns: its stats fields where the report has a column for them, the rest blank.
const PACK_CELLS: Record<string, (a: PackAlert) => string | number | string[]> = {
  time: (a) => a.firstTime,
  end: (a) => a.lastTime,
  tenant: (a) => a.fields.vendor_account ?? '',
  clientAppId: (a) => a.applications,
  mailboxes: (a) => a.mailboxes,
  users: (a) => a.riskObject,
  srcIps: (a) => a.fields.src ?? a.values.src ?? '',
  events: (a) => a.count,
  firstEvent: (a) => a.firstTime,
  lastEvent: (a) => a.lastTime,
  riskScore: (a) => a.risk,
  mitre: (a) => a.technique,
  message: (a) => a.message,
  detection: (a) => a.detection,
  detectionName: (a) => a.detectionName,
  risk: (a) => a.risk,
  technique: (a) => a.technique,
};

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell's text as the report holds it: a list joined by newlines, a would-be formula defused. */
function cellText(value: string | number | string[]): string {
  const text = Array.isArray(value) ? value.join('\n') : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const unparse = (rows: string[][]) => Papa.unparse(rows, { newline: '\r\n', escapeFormulae: false });

export function csvCell(value: string | number | string[]): string {
  return unparse([[cellText(value)]]);
}

/**
 * The report. `recordIds` gives each alert's audit record Ids (alert-detail.ts recordIdsOf), the last column,
 * so that every alert can be traced to the records behind it in the original export. The detection pack's
 * alerts follow, in the same columns (detections/model.ts PackAlert; their own record Ids last).
 */
export function alertsToCsv(alerts: Alert[], recordIds: (alert: Alert) => string[] = () => [], packAlerts: PackAlert[] = []): string {
  const header = [...REPORT_COLUMNS.map(([name]) => name), 'record_ids'];
  const rows = alerts.map((alert) => [...REPORT_COLUMNS.map(([, value]) => cellText(value(alert))), cellText(recordIds(alert))]);
  for (const alert of packAlerts) rows.push([...REPORT_COLUMNS.map(([name]) => cellText(PACK_CELLS[name]?.(alert) ?? '')), cellText(alert.recordIds)]);
  return `${unparse([header, ...rows])}\r\n`;
}

/** One contributing event of an alert, with the file and line its record came from (when known). */
export type EventRow = MailEvent & { file?: string; line?: number };

const EVENT_COLUMNS: [header: string, value: (e: EventRow) => string | number][] = [
  ['time', (e) => isoUtc(e.time)],
  ['recordId', (e) => e.id],
  ['file', (e) => e.file ?? ''],
  ['line', (e) => e.line || ''],
  ['tenant', (e) => e.tenant],
  ['clientAppId', (e) => e.clientAppId],
  ['appId', (e) => e.appId],
  ['clientInfoString', (e) => e.clientInfoString],
  ['mailbox', (e) => e.mailbox],
  ['userId', (e) => e.userId],
  ['clientIp', (e) => e.clientIp],
  ['operationCount', (e) => e.operationCount],
  ['accessType', (e) => e.accessType],
  ['throttled', (e) => (e.throttled ? 'True' : 'False')],
  ['folders', (e) => e.folders],
  ['messageIds', (e) => e.messageIds],
];

/** The events behind one alert as CSV, defused like the report: what a responder hands on with the alert. */
export function eventsToCsv(events: EventRow[]): string {
  const rows = [EVENT_COLUMNS.map(([header]) => header), ...events.map((e) => EVENT_COLUMNS.map(([, value]) => cellText(value(e))))];
  return `${unparse(rows)}\r\n`;
}
