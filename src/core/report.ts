// The alert report as CSV: one row per alert, lists joined by newlines inside the cell. Audit fields are
// attacker-influenced (ClientInfoString, UserId), so any cell a spreadsheet would run as a formula is
// defused with a leading apostrophe.

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

export function csvCell(value: string | number | string[]): string {
  let text = Array.isArray(value) ? value.join('\n') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function alertsToCsv(alerts: Alert[]): string {
  const rows = [REPORT_COLUMNS.map(([header]) => header).join(',')];
  for (const alert of alerts) rows.push(REPORT_COLUMNS.map(([, value]) => csvCell(value(alert))).join(','));
  return `${rows.join('\r\n')}\r\n`;
}
