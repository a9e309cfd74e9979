// Which mailboxes an application read through Graph or EWS: ESCU's two listing searches, kept as
// context for the API-read alert (story.ts joins them by ClientAppId), not as alerts. Each lists one row
// per (user, ClientAppId, OperationCount, AppId, ...) over the whole search, without a threshold.

import { baseRow, define, keys } from './define.ts';
import { EWS_CLIENT, GRAPH_APP_ID as GRAPH } from '../normalise.ts';
import { field, searchMatch, workloadOf, type AuditRecord } from './fields.ts';

const contextBase = {
  version: 7,
  date: '2025-05-02',
  technique: 'T1114.002',
  risk: 42,
  type: 'Context' as const,
  operations: ['MailItemsAccessed'],
  // Only API reads are selected: a MailItemsAccessed record naming neither Graph nor EWS stays undecoded.
  needles: [GRAPH, EWS_CLIENT.source.slice(1)],
  reads: ['top level' as const],
  riskObject: 'user',
  // MailboxOwnerUPN: beside the analytic's output, the mailbox each row read.
  values: ['src', 'MailboxOwnerUPN'],
};

// The row of an Exchange record naming an AppId; null when it is not one. `requireClientAppId`: the EWS
// listing's ClientAppId=* (the Graph listing has none: fillnull makes a missing one "0", and the row keeps
// it missing, as before stats).
function readRow(record: AuditRecord, requireClientAppId: boolean, clientInfoString = field(record, 'ClientInfoString')) {
  if (workloadOf(record) !== 'Exchange') return null;
  const appId = field(record, 'AppId');
  const clientAppId = field(record, 'ClientAppId');
  if (appId === undefined || (requireClientAppId && clientAppId === undefined)) return null;
  const mailbox = field(record, 'MailboxOwnerUPN');
  // Onto the fields object baseRow makes (not a spread of it into another): measured, the spread made the
  // MailItemsAccessed-only bench file 60% slower and doubled the peak RSS.
  return Object.assign(baseRow(record), {
    ClientAppId: clientAppId,
    AppId: appId,
    OperationCount: field(record, 'OperationCount'),
    ClientInfoString: clientInfoString,
    src: field(record, 'ClientIPAddress'),
    MailboxOwnerUPN: mailbox,
    _mailboxes: keys(mailbox ?? field(record, 'UserId')),
    _applications: keys(clientAppId),
  });
}

export const oauthAppMailboxAccessViaEws = define({
  ...contextBase,
  id: 'e600cf1a-0bef-4426-b42e-00176d610a4d',
  name: 'O365 OAuth App Mailbox Access via EWS',
  spl: '`o365_management_activity` Workload=Exchange Operation=MailItemsAccessed AppId=* ClientAppId=* | regex ClientInfoString="^Client=WebServices;ExchangeWebServices" | fillnull | stats count earliest(_time) as firstTime latest(_time) as lastTime values(ClientIPAddress) as src by user ClientAppId OperationCount AppId vendor_account vendor_product dest signature ClientInfoString | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_oauth_app_mailbox_access_via_ews_filter`',
  by: ['user', 'ClientAppId', 'OperationCount', 'AppId', 'vendor_account', 'vendor_product', 'dest', 'signature', 'ClientInfoString'],
  select(record) {
    // The regex first: most MailItemsAccessed records are not EWS reads, and need no row.
    const clientInfoString = field(record, 'ClientInfoString');
    if (!EWS_CLIENT.test(clientInfoString ?? '')) return [];
    const row = readRow(record, true, clientInfoString);
    return row ? [row] : [];
  },
  message: (g) => `${g.by.ClientAppId} read ${g.by.user} through EWS`,
});

export const oauthAppMailboxAccessViaGraphApi = define({
  ...contextBase,
  id: '9db0d5b0-4058-4cb7-baaf-77d8143539a2',
  name: 'O365 OAuth App Mailbox Access via Graph API',
  spl: '`o365_management_activity` Workload=Exchange Operation=MailItemsAccessed AppId=* AppId=00000003-0000-0000-c000-000000000000 | fillnull | stats count earliest(_time) as firstTime latest(_time) as lastTime values(ClientIPAddress) as src by user ClientAppId OperationCount AppId vendor_account vendor_product dest signature | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_oauth_app_mailbox_access_via_graph_api_filter`',
  by: ['user', 'ClientAppId', 'OperationCount', 'AppId', 'vendor_account', 'vendor_product', 'dest', 'signature'],
  select(record) {
    if (!searchMatch(field(record, 'AppId'), GRAPH)) return [];
    const row = readRow(record, false);
    return row ? [row] : [];
  },
  message: (g) => `${g.by.ClientAppId} read ${g.by.user} through Graph`,
});

export const API_CONTEXT = [oauthAppMailboxAccessViaEws, oauthAppMailboxAccessViaGraphApi];
