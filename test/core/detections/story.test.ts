import { describe, expect, test } from 'vitest';
import { API_READ_DETECTION, applicationReads, buildStories } from '../../../src/core/detections/story.ts';
import type { PackAlert } from '../../../src/core/detections/model.ts';
import type { Alert } from '../../../src/core/types.ts';

const packAlert = (over: Partial<PackAlert>): PackAlert => ({
  detection: 'd',
  key: 'd',
  detectionName: 'D',
  variant: 'escu',
  version: 1,
  technique: 'T',
  risk: 10,
  type: 'TTP',
  firstTime: '2024-03-01T10:00:00Z',
  lastTime: '2024-03-01T10:00:00Z',
  window: null,
  count: 1,
  fields: {},
  values: {},
  riskObject: '',
  mailboxes: [],
  applications: [],
  recordIds: [],
  message: 'm',
  ...over,
});
const read = (app: string, mailbox: string, first: string, last: string, name = 'O365 OAuth App Mailbox Access via Graph API') =>
  packAlert({ type: 'Context', detectionName: name, applications: [app], mailboxes: [mailbox], firstTime: first, lastTime: last, count: 2 });
const apiAlert = {
  time: '2024-03-01T10:00:00Z',
  end: '2024-03-01T10:10:00Z',
  clientAppId: 'APP-1',
  mailboxes: ['A@X.COM'],
  riskScore: 42,
  mitre: 'T1114.002',
  message: 'api',
  firstEvent: '2024-03-01T10:02:00Z',
  lastEvent: '2024-03-01T10:08:00Z',
} as Alert;

describe('stories', () => {
  test('context alone makes no story; an alert brings its application context with it', () => {
    const context = [
      read('app-1', 'a@x.com', '2024-03-01T10:02:00Z', '2024-03-01T10:08:00Z'),
      read('app-2', 'b@x.com', '2024-03-01T09:00:00Z', '2024-03-01T09:01:00Z'),
    ];
    const { applications, mailboxes } = buildStories({ packAlerts: [], context, apiAlerts: [apiAlert] });
    expect(applications.map((s) => [s.subject, s.risk, s.entries.map((e) => [e.time, e.source])])).toEqual([
      [
        'app-1',
        42,
        [
          ['2024-03-01T10:02:00Z', 'api-read'],
          ['2024-03-01T10:02:00Z', 'context'],
        ],
      ],
    ]);
    expect(mailboxes.map((s) => [s.subject, s.last])).toEqual([['a@x.com', '2024-03-01T10:08:00Z']]);
  });

  test('stories: highest summed risk first; entries oldest first, pack before api-read at the same time', () => {
    const packAlerts = [
      packAlert({ key: 'b', risk: 5, firstTime: '2024-03-01T11:00:00Z', lastTime: '2024-03-01T11:00:00Z', applications: ['app-2'] }),
      packAlert({ key: 'a', risk: 40, firstTime: '2024-03-01T10:02:00Z', applications: ['app-1'], mailboxes: ['a@x.com'] }),
      packAlert({ key: 'c', risk: 50, type: 'Context', applications: ['app-3'] }),
    ];
    const { applications } = buildStories({ packAlerts, apiAlerts: [apiAlert] });
    expect(applications.map((s) => [s.subject, s.risk, s.entries.map((e) => e.key)])).toEqual([
      ['app-1', 82, ['a', '7cd853e9-d370-412f-965d-a2bcff2a2908']],
      ['app-2', 5, ['b']],
    ]);
  });

  test('reads per application: mailboxes, first and last read, by which API', () => {
    const context = [
      read('app-1', 'b@x.com', '2024-03-01T10:05:00Z', '2024-03-01T10:06:00Z'),
      read('app-1', 'a@x.com', '2024-03-01T10:01:00Z', '2024-03-01T10:02:00Z', 'O365 OAuth App Mailbox Access via EWS'),
    ];
    expect(applicationReads(context)).toEqual([
      {
        application: 'app-1',
        mailboxes: ['a@x.com', 'b@x.com'],
        firstRead: '2024-03-01T10:01:00Z',
        lastRead: '2024-03-01T10:06:00Z',
        records: 4,
        via: ['EWS', 'Graph'],
      },
    ]);
  });
});

test('an entry lists at most 20 of its mailboxes and counts them all; every mailbox still gets its story', () => {
  const mailboxes = Array.from({ length: 25 }, (_, i) => `m${String(i).padStart(2, '0')}@x.com`);
  const { applications, mailboxes: byMailbox } = buildStories({ packAlerts: [], apiAlerts: [{ ...apiAlert, mailboxes }] });
  const [entry] = applications[0].entries;
  expect(entry.mailboxCount).toBe(25);
  expect(entry.mailboxes).toEqual(mailboxes.slice(0, 20)); // sorted: m00 .. m19
  expect(byMailbox.map((s) => s.subject).sort()).toEqual(mailboxes);
  expect(byMailbox.find((s) => s.subject === 'm24@x.com')!.entries[0].mailboxCount).toBe(25);
});

test("an alert naming no application joins the story of each application that read one of its mailboxes, and no other's", () => {
  const exportOf = (mailbox: string) =>
    packAlert({ key: `export-${mailbox}`, firstTime: '2024-03-01T11:00:00Z', lastTime: '2024-03-01T11:00:00Z', mailboxes: [mailbox] });
  const { applications } = buildStories({
    packAlerts: [exportOf('a@x.com'), exportOf('b@x.com'), packAlert({ key: 'consent', applications: ['app-2'] })],
    context: [read('app-2', 'b@x.com', '2024-03-01T09:00:00Z', '2024-03-01T09:05:00Z')],
    apiAlerts: [apiAlert], // APP-1 read A@X.COM
  });
  const keysOf = (subject: string) => applications.find((s) => s.subject === subject)!.entries.map((e) => e.key);
  expect(keysOf('app-1')).toEqual([API_READ_DETECTION.id, 'export-a@x.com']);
  expect(keysOf('app-2')).toEqual(['', 'consent', 'export-b@x.com']); // reads at 09:00, consent at 10:00 (packAlert's default), export at 11:00
});
