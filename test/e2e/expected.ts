// What the fixtures must produce, worked out by hand from the records in test/e2e/fixtures (not from a run):
//   graph-burst.json   10 records: 1 sign-in, 6 Graph reads by a1b2c3d4… of user1..user6 at 10:02..10:07,
//                      3 Outlook Mobile reads of user1..user3 at 10:01:30..10:03:30 (3 mailboxes: no alert).
//   ews-burst.csv      Purview CSV: 8 EWS reads by e0e0e0e0… of user11..user18 at 11:21..11:28, and on line 6 a
//                      row whose AuditData is not JSON (skipped).
//   markup.json        7 Graph reads by c0ffee00… of user21..user27 at 12:01..12:07; ClientInfoString is markup.
//   offline-burst.jsonl 6 Graph reads by d00dfeed… of user31..user36 on 2024-02-02 08:31..08:36.
// Tumbling 10-minute windows, threshold 5 (alert on 6 or more distinct mailboxes).

export const GRAPH = '00000003-0000-0000-c000-000000000000';
export const MARKUP = '<img src=x onerror=window.__xss=1>';
const message = (id: string) => `An Oauth application identified with id ${id} accessed multiple mailboxes in a short period of time via an API.`;
const users = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `user${from + i}@fabrikam.example`).join('\n');

export const CSV_HEADER =
  'time,end,tenant,clientAppId,clientInfoString,uniqueMailboxes,mailboxes,users,srcIps,appIds,events,operationCount,bind,sync,throttledMailboxes,firstEvent,lastEvent,riskScore,mitre,message,detection,detectionName,risk,technique,record_ids';
/** The API-read rule's detection columns, the same on each of its rows. */
const DETECTION = '7cd853e9-d370-412f-965d-a2bcff2a2908,O365 Multiple Mailboxes Accessed via API,42,T1114.002';
/** The Ids of the records prefix-n for n in from..to, as the fixtures number them: a1-0002-4000-8000-000000000002. */
const ids = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}-${String(from + i).padStart(4, '0')}-4000-8000-${String(from + i).padStart(12, '0')}`).join('\n');

export const EXPECTED_CSV = `${[
  CSV_HEADER,
  `2024-02-01T10:00:00Z,2024-02-01T10:10:00Z,tenant-fixture,a1b2c3d4-0000-4000-8000-00000000abcd,Client=REST;Client=RESTSystem;;,6,"${users(1, 6)}",sp-graph-reader,203.0.113.7,${GRAPH},6,6,6,0,0,2024-02-01T10:02:00Z,2024-02-01T10:07:00Z,42,T1114.002,${message('a1b2c3d4-0000-4000-8000-00000000abcd')},${DETECTION},"${ids('a1', 2, 7)}"`,
  `2024-02-01T11:20:00Z,2024-02-01T11:30:00Z,tenant-fixture,e0e0e0e0-1111-4222-8333-444455556666,Client=WebServices;ExchangeWebServices/2.0;,8,"${users(11, 18)}",sp-ews-reader,198.51.100.9,e0e0e0e0-1111-4222-8333-444455556666,8,8,8,0,0,2024-02-01T11:21:00Z,2024-02-01T11:28:00Z,42,T1114.002,${message('e0e0e0e0-1111-4222-8333-444455556666')},${DETECTION},"${ids('b1', 11, 18)}"`,
  `2024-02-01T12:00:00Z,2024-02-01T12:10:00Z,tenant-fixture,c0ffee00-0000-4000-8000-000000000bad,${MARKUP},7,"${users(21, 27)}",sp-markup,203.0.113.66,${GRAPH},7,7,7,0,0,2024-02-01T12:01:00Z,2024-02-01T12:07:00Z,42,T1114.002,${message('c0ffee00-0000-4000-8000-000000000bad')},${DETECTION},"${ids('c1', 19, 25)}"`,
].join('\r\n')}\r\n`;

/** Alert rows as the table shows them (UTC): time, tenant, mailboxes, client IPs, events, risk score. */
export const ROWS = {
  graph: ['2024-02-01 10:00:00 UTC', 'a1b2c3d4-0000-4000-8000-00000000abcd', 'Client=REST;Client=RESTSystem;;', '6', '203.0.113.7', '6'],
  ews: ['2024-02-01 11:20:00 UTC', 'e0e0e0e0-1111-4222-8333-444455556666', 'Client=WebServices;ExchangeWebServices/2.0;', '8', '198.51.100.9', '8'],
  markup: ['2024-02-01 12:00:00 UTC', 'c0ffee00-0000-4000-8000-000000000bad', MARKUP, '7', '203.0.113.66', '7'],
  offline: ['2024-02-02 08:30:00 UTC', 'd00dfeed-0000-4000-8000-0000000000aa', 'Client=REST;Client=RESTSystem;;', '6', '192.0.2.99', '6'],
};

export const INPUTS = {
  'graph-burst.json': {
    format: 'Management Activity API records (JSON array)',
    records: 10,
    skipped: 0,
    selected: 9,
    duplicates: 0,
    firstTime: '2024-02-01T10:01:30Z',
    lastTime: '2024-02-01T10:07:00Z',
  },
  'ews-burst.csv': {
    format: 'Purview audit search CSV',
    records: 8,
    skipped: 1,
    selected: 8,
    duplicates: 0,
    firstTime: '2024-02-01T11:21:00Z',
    lastTime: '2024-02-01T11:28:00Z',
  },
  'markup.json': {
    format: 'Management Activity API records (JSON array)',
    records: 7,
    skipped: 0,
    selected: 7,
    duplicates: 0,
    firstTime: '2024-02-01T12:01:00Z',
    lastTime: '2024-02-01T12:07:00Z',
  },
};
