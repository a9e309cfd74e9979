// The alert table's columns and how each one sorts. Ties fall back to the core's order (time, then group).

import { API_READ_DETECTION } from '../core/detections/story.ts';
import type { Alert } from '../core/types.ts';
import type { AlertRow } from '../worker/api.ts';
import { firstPartyName } from './first-party-apps.ts';

export type SortKey = 'time' | 'tenant' | 'app' | 'clientInfoString' | 'uniqueMailboxes' | 'srcIps' | 'events' | 'riskScore' | 'detection';
export type SortDirection = 'ascending' | 'descending';

export const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'time', label: 'Time' },
  { key: 'tenant', label: 'Tenant' },
  { key: 'app', label: 'ClientAppId' },
  { key: 'clientInfoString', label: 'ClientInfoString' },
  { key: 'uniqueMailboxes', label: 'Distinct mailboxes' },
  { key: 'srcIps', label: 'Client IPs' },
  { key: 'events', label: 'Events' },
  { key: 'riskScore', label: 'Risk score' },
  { key: 'detection', label: 'Detection' },
];

/** An alert as the table sorts it: a row without a detection name is the API-read rule's. */
type Sortable = AlertRow & { detectionName?: string };

const value = (a: Sortable, key: SortKey): string | number => {
  switch (key) {
    case 'detection':
      return a.detectionName ?? API_READ_DETECTION.name;
    case 'app':
      return `${firstPartyName(a.clientAppId) === null ? 0 : 1}${a.clientAppId}`; // unknown apps first
    case 'srcIps':
      return a.srcIps.join(' ');
    default:
      return a[key];
  }
};

export function sortAlerts<A extends Sortable>(alerts: A[], key: SortKey, direction: SortDirection): A[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return alerts
    .map((alert, index) => ({ alert, index }))
    .sort((x, y) => {
      const a = value(x.alert, key);
      const b = value(y.alert, key);
      return (a < b ? -sign : a > b ? sign : 0) || x.index - y.index;
    })
    .map(({ alert }) => alert);
}

export const alertKey = (a: Pick<Alert, 'time' | 'tenant' | 'clientAppId' | 'clientInfoString'>) =>
  `${a.time}\u0000${a.tenant}\u0000${a.clientAppId}\u0000${a.clientInfoString}`;
