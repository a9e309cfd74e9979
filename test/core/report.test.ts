import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { alertsToCsv, csvCell, eventsToCsv, REPORT_COLUMNS } from '../../src/core/report.ts';
import { alertMessage } from '../../src/core/alert.ts';
import type { Alert } from '../../src/core/types.ts';

describe('formula defusing', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['plain', 'plain'],
    ['a=b', 'a=b'],
    [42, '42'],
    ['say "hi", twice', '"say ""hi"", twice"'],
    [['=a', 'b'], `"'=a\nb"`],
  ])('%j -> %j', (value, expected) => expect(csvCell(value as string)).toBe(expected));
});

const hostile: Alert = {
  time: '2024-02-01T10:00:00Z',
  end: '2024-02-01T10:10:00Z',
  tenant: '=cmd|"/c calc"!A0',
  clientAppId: '+app',
  clientInfoString: '<img src=x onerror=alert(1)>, "quoted"\r\nnext',
  uniqueMailboxes: 6,
  mailboxes: ['-a@x.com', '@b@x.com', 'c@x.com'],
  users: ['\tuser'],
  srcIps: ['1.2.3.4', '2001:db8::1'],
  appIds: ['00000003-0000-0000-c000-000000000000'],
  events: 7,
  operationCount: 16,
  bind: 5,
  sync: 2,
  throttledMailboxes: 1,
  firstEvent: '2024-02-01T10:01:00Z',
  lastEvent: '2024-02-01T10:08:30Z',
  riskScore: 42,
  mitre: 'T1114.002',
  message: alertMessage('+app'),
};

test('the report round-trips through an independent CSV parser: every value back, formulas only defused', () => {
  const parsed = Papa.parse<string[]>(
    alertsToCsv([hostile], () => ['=id-1', 'id-2']),
    { skipEmptyLines: true },
  ).data;
  expect(parsed[0]).toEqual([...REPORT_COLUMNS.map(([header]) => header), 'record_ids']);
  const row = Object.fromEntries(parsed[0].map((h, i) => [h, parsed[1][i]]));
  const undefuse = (cell: string) => cell.replace(/^'(?=[=+\-@\t\r])/, '');
  expect(undefuse(row.tenant)).toBe(hostile.tenant);
  expect(row.tenant.startsWith("'")).toBe(true);
  expect(undefuse(row.clientAppId)).toBe('+app');
  expect(row.clientInfoString).toBe(hostile.clientInfoString);
  expect(undefuse(row.mailboxes).split('\n')).toEqual(hostile.mailboxes);
  expect(undefuse(row.users)).toBe('\tuser');
  expect(row.srcIps.split('\n')).toEqual(hostile.srcIps);
  expect(Number(row.uniqueMailboxes)).toBe(6);
  expect(row.message).toBe(hostile.message);
  expect(row.record_ids).toBe("'=id-1\nid-2"); // the Ids, one a line, defused like any cell
  for (const cell of parsed[1]) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
});

test('the events of an alert as CSV: one row each, with record Id, file and line, defused like the report', () => {
  const event = {
    id: 'rec-1',
    time: Date.UTC(2024, 1, 1, 10, 2),
    tenant: 't',
    appId: 'a',
    clientAppId: '=app',
    clientInfoString: 'Client=REST;',
    userId: 'u',
    mailbox: 'm@x',
    clientIp: '1.2.3.4',
    operationCount: 3,
    accessType: 'Bind' as const,
    throttled: true,
    folders: 1,
    messageIds: 2,
  };
  const parsed = Papa.parse<Record<string, string>>(
    eventsToCsv([
      { ...event, file: 'export.json', line: 7 },
      { ...event, id: '' },
    ]),
    { header: true, skipEmptyLines: true },
  ).data;
  expect(parsed.map((r) => [r.time, r.recordId, r.file, r.line, r.clientAppId, r.throttled])).toEqual([
    ['2024-02-01T10:02:00Z', 'rec-1', 'export.json', '7', "'=app", 'True'],
    ['2024-02-01T10:02:00Z', '', '', '', "'=app", 'True'],
  ]);
});
