// The alert report as CSV: one row per alert, lists joined by newlines inside the cell. Audit fields are
// attacker-influenced (ClientInfoString, UserId), so any cell a spreadsheet would run as a formula is
// defused with a leading apostrophe.
//
// PapaParse writes the CSV (quoting, escaping, CRLF). The defusing is done here rather than by its
// escapeFormulae: that option quotes every cell it defuses, which would change the report's bytes, and its
// default pattern (/^[=+\-@\t\r].*$/) does not match a formula on a cell of several lines ("=a\nb"), which
// a list of mailboxes is.

import Papa from 'papaparse';
import type { Alert } from './types.ts';

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
];

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

export function alertsToCsv(alerts: Alert[]): string {
  const rows = [REPORT_COLUMNS.map(([header]) => header), ...alerts.map((alert) => REPORT_COLUMNS.map(([, value]) => cellText(value(alert))))];
  return `${unparse(rows)}\r\n`;
}
