// What an alert is: the analytic's fixed score, technique and message, one window's tally (the one
// declaration every way of keeping a window fills: window-table.ts for tumbling windows, the Accumulator of
// window-accumulator.ts for sliding ones), and the alert built from a tally. Alerts are built here only.

import { isoUtc } from './time.ts';
import type { Alert, MailEvent } from './types.ts';

export const RISK_SCORE = 42; // impact 70 x confidence 60 / 100, as the analytic scores it
export const MITRE_TECHNIQUE = 'T1114.002';
export const alertMessage = (clientAppId: string) =>
  `An Oauth application identified with id ${clientAppId} accessed multiple mailboxes in a short period of time via an API.`;

export type Application = Pick<MailEvent, 'tenant' | 'clientAppId' | 'clientInfoString'>;

/** What an alert reports about the events of its window, whichever way the window was kept. */
export type Tally = Pick<Alert, 'mailboxes' | 'users' | 'srcIps' | 'appIds' | 'events' | 'operationCount' | 'bind' | 'sync' | 'throttledMailboxes'> & {
  /** Earliest and latest event, epoch ms. */
  first: number;
  last: number;
};

export function toAlert(app: Application, start: number, end: number, uniqueMailboxes: number, tally: Tally): Alert {
  const { tenant, clientAppId, clientInfoString } = app;
  const { first, last, ...counts } = tally;
  return {
    time: isoUtc(start),
    end: isoUtc(end),
    tenant,
    clientAppId,
    clientInfoString,
    uniqueMailboxes,
    ...counts,
    firstEvent: isoUtc(first),
    lastEvent: isoUtc(last),
    riskScore: RISK_SCORE,
    mitre: MITRE_TECHNIQUE,
    message: alertMessage(clientAppId),
  };
}
