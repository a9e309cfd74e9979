import { describe, expect, test } from 'vitest';
import { oauthAppMailboxAccessViaEws, oauthAppMailboxAccessViaGraphApi } from '../../../src/core/detections/api-context.ts';
import { emailSendAndHardDeleteSuspiciousBehavior, emailSuspiciousBehaviorAlert } from '../../../src/core/detections/destruction.ts';
import {
  complianceContentSearchExported,
  complianceContentSearchStarted,
  emailSuspiciousSearchBehavior,
  pstExportAlert,
} from '../../../src/core/detections/search-export.ts';
import { ADMIN, compliance, mailboxAudit, mailRead, ORG, splunkSample, VICTIM } from '../../fixtures/detections/records.ts';
import { project, run, type Case } from './harness.ts';

const SCC = 'Microsoft Office 365 SecurityComplianceCenter';
const EXO = 'Microsoft Office 365 Exchange';

// No public SearchCreated/SearchExported record: written from the fields the analytics group by.
const search = (operation: string, locations: unknown, extra = {}) =>
  compliance(operation, {
    UserId: ADMIN,
    ClientIP: '203.0.113.7',
    ObjectId: 'payroll-hunt',
    ExchangeLocations: locations,
    Query: 'subject:invoice OR body:password',
    ...extra,
  });

describe('O365 Compliance Content Search Started / Exported (f4cabbc7, 2ce9f31d)', () => {
  const fields = (signature: string, location: string) => ({
    signature,
    dest: ORG,
    user: ADMIN,
    src: '203.0.113.7',
    vendor_account: ORG,
    vendor_product: SCC,
    ExchangeLocations: location,
    Query: 'subject:invoice OR body:password',
  });
  const cases: (Case & { exported: Case['expected'] })[] = [
    {
      name: 'SearchCreated over all mailboxes',
      records: [search('SearchCreated', 'All')],
      expected: [{ fields: fields('SearchCreated', 'All') }],
      exported: [],
    },
    {
      name: 'SearchExported over two mailboxes: one row per location',
      records: [search('SearchExported', [VICTIM, 'cfo@contoso.onmicrosoft.com'])],
      expected: [],
      exported: [
        { fields: fields('SearchExported', 'cfo@contoso.onmicrosoft.com'), mailboxes: ['cfo@contoso.onmicrosoft.com'] },
        { fields: fields('SearchExported', VICTIM), mailboxes: [VICTIM] },
      ],
    },
    { name: 'SearchStarted (a re-run) is not SearchCreated', records: [search('SearchStarted', 'All')], expected: [], exported: [] },
    { name: 'Workload must be SecurityComplianceCenter', records: [search('SearchCreated', 'All', { Workload: 'Exchange' })], expected: [], exported: [] },
    {
      name: 'fillnull: no Query gives "0"',
      records: [search('SearchCreated', 'All', { Query: undefined })],
      expected: [{ fields: { ...fields('SearchCreated', 'All'), Query: '0' } }],
      exported: [],
    },
  ];
  test.each(cases)('$name', ({ records, expected, exported }) => {
    expect(project(run(complianceContentSearchStarted, records), expected)).toEqual(expected);
    expect(project(run(complianceContentSearchExported, records), exported)).toEqual(exported);
  });
});

describe('O365 PST export alert (5f694cc4)', () => {
  const alert = (operation: string, name: string, extra = {}) =>
    compliance(operation, {
      Category: 'ThreatManagement',
      Name: name,
      Severity: 'Medium',
      Source: 'Office 365 Security & Compliance',
      AlertEntityId: ADMIN,
      AlertId: 'a1',
      ...extra,
    });
  const fields = (signature: string) => ({
    Source: 'Office 365 Security & Compliance',
    Severity: 'Medium',
    AlertEntityId: ADMIN,
    Name: 'eDiscovery search started or exported',
    user: 'SecurityComplianceAlerts',
    src: '0',
    vendor_account: ORG,
    vendor_product: SCC,
    dest: ORG,
    signature,
  });
  const cases: Case[] = [
    {
      name: 'any operation carrying the alert: triggered and entity records',
      records: [
        alert('AlertTriggered', 'eDiscovery search started or exported'),
        alert('AlertEntityGenerated', 'eDiscovery search started or exported', { ObjectId: ADMIN }),
      ],
      expected: [
        { fields: fields('AlertEntityGenerated'), values: { ObjectId: [ADMIN] } },
        { fields: fields('AlertTriggered'), values: { ObjectId: [VICTIM] } },
      ],
    },
    { name: 'another alert name', records: [alert('AlertTriggered', 'Creation of forwarding/redirect rule')], expected: [] },
    { name: 'another category', records: [alert('AlertTriggered', 'eDiscovery search started or exported', { Category: 'DataGovernance' })], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(pstExportAlert, records), expected)).toEqual(expected));
});

describe('O365 Email Suspicious Search Behavior (3b6e1d36)', () => {
  const query = (text: string | undefined, time: string, user = 'Victim@Contoso.onmicrosoft.com') =>
    mailboxAudit('SearchQueryInitiatedExchange', {
      UserId: user,
      QueryText: text,
      QuerySource: 'Owa',
      ScenarioName: 'mail',
      CreationTime: time,
      ClientIP: '198.51.100.9',
    });
  const distinct = (n: number, hour = '10') =>
    Array.from({ length: n }, (_, i) => query(`project ${i}`, `2024-03-01T${hour}:${String(i % 60).padStart(2, '0')}:00`));
  const fields = { user: VICTIM, signature: 'SearchQueryInitiatedExchange' };
  const cases: Case[] = [
    {
      name: '21 distinct queries in an hour',
      records: distinct(21),
      expected: [{ fields, window: '2024-03-01T10:00:00Z', count: 21, firstTime: '2024-03-01T10:00:00Z', lastTime: '2024-03-01T10:20:00Z' }],
    },
    { name: '20 distinct queries is not more than 20', records: distinct(20), expected: [] },
    {
      name: 'the same query 30 times is one distinct query',
      records: Array.from({ length: 30 }, (_, i) => query('budget', `2024-03-01T10:${String(i).padStart(2, '0')}:00`)),
      expected: [],
    },
    {
      name: 'two distinct suspect searches in one hour',
      records: [query('password reset', '2024-03-01T10:10:00'), query('bank details', '2024-03-01T10:50:00'), query('lunch', '2024-03-01T10:55:00')],
      expected: [
        {
          fields,
          values: {
            app: ['mail'],
            object_name: ['Owa'],
            command: ['bank details', 'lunch', 'password reset'],
            suspect_terms: ['bank details', 'password reset'],
            src: ['198.51.100.9'],
          },
        },
      ],
    },
    {
      name: 'suspect searches in two epoch hours do not add up',
      records: [query('password reset', '2024-03-01T10:50:00'), query('bank details', '2024-03-01T11:10:00')],
      expected: [],
    },
    {
      name: '"*" and records without QueryText are dropped',
      records: [query('*', '2024-03-01T10:10:00'), query(undefined, '2024-03-01T10:11:00'), query('payroll', '2024-03-01T10:12:00')],
      expected: [],
    },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(emailSuspiciousSearchBehavior, records), expected)).toEqual(expected));
  test('the distinct-query threshold is tunable', () => {
    expect(run(emailSuspiciousSearchBehavior, distinct(21), { '3b6e1d36-6916-4eec-a7d5-bc98953ba595': 21 })).toEqual([]);
    expect(run(emailSuspiciousSearchBehavior, distinct(21), { '3b6e1d36-6916-4eec-a7d5-bc98953ba595': 19 })).toHaveLength(1);
  });
});

describe('O365 Email Send and Hard Delete Suspicious Behavior (c97b3d72)', () => {
  const send = (subject: string, time: string, extra = {}) =>
    mailboxAudit('Send', {
      CreationTime: time,
      ClientIPAddress: '198.51.100.9',
      Item: { Subject: subject, Attachments: 'invoice.pdf (20480b)', SizeInBytes: 30000 },
      ...extra,
    });
  // After SEKOIA exchange_item_group.json (HardDelete from Recoverable Items\Deletions).
  const hardDelete = (subjects: string[], time: string, folder = '\\Recoverable Items\\Deletions') =>
    mailboxAudit('HardDelete', {
      CreationTime: time,
      Folder: { Id: 'LgAAAA', Path: folder },
      AffectedItems: subjects.map((Subject) => ({ Id: 'RgAAAA', Subject, ParentFolder: { Path: folder } })),
    });
  const cases: Case[] = [
    {
      name: 'sent and hard-deleted 20 minutes later',
      records: [send(' Urgent wire ', '2024-03-01T10:00:00'), hardDelete(['Urgent wire'], '2024-03-01T10:20:00')],
      expected: [
        {
          fields: { subject: 'Urgent wire', user: VICTIM },
          values: {
            sender: [VICTIM],
            src: ['198.51.100.9'],
            http_user_agent: ['Client=OWA;Action=ViaProxy'],
            signature: ['HardDelete', 'Send'],
            file_name: ['invoice.pdf (20480b)'],
            file_path: ['\\Recoverable Items\\Deletions'],
          },
          count: 2,
        },
      ],
    },
    {
      name: 'deleted after more than an hour',
      records: [send('Urgent wire', '2024-03-01T10:00:00'), hardDelete(['Urgent wire'], '2024-03-01T11:00:01')],
      expected: [],
    },
    {
      name: 'deleted before it was sent',
      records: [hardDelete(['Urgent wire'], '2024-03-01T09:50:00'), send('Urgent wire', '2024-03-01T10:00:00')],
      expected: [],
    },
    {
      name: 'a hard delete from the Inbox is not selected',
      records: [send('Urgent wire', '2024-03-01T10:00:00'), hardDelete(['Urgent wire'], '2024-03-01T10:10:00', '\\Inbox')],
      expected: [],
    },
    {
      name: 'SoftDelete is not selected',
      records: [send('Urgent wire', '2024-03-01T10:00:00'), { ...hardDelete(['Urgent wire'], '2024-03-01T10:10:00'), Operation: 'SoftDelete' }],
      expected: [],
    },
    {
      name: 'a delete of several items counts under each subject; SendAs sends',
      records: [
        send('A', '2024-03-01T10:00:00', { Operation: 'SendAs', SendAsUserSmtp: 'CEO@contoso.onmicrosoft.com' }),
        hardDelete(['A', 'B'], '2024-03-01T10:30:00', '\\Sent Items'),
      ],
      expected: [
        {
          fields: { subject: 'A', user: VICTIM },
          values: {
            sender: ['ceo@contoso.onmicrosoft.com', VICTIM],
            src: ['198.51.100.9'],
            http_user_agent: ['Client=OWA;Action=ViaProxy'],
            signature: ['HardDelete', 'SendAs'],
            file_name: ['invoice.pdf (20480b)'],
            file_path: ['\\Sent Items'],
          },
        },
      ],
    },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(emailSendAndHardDeleteSuspiciousBehavior, records), expected)).toEqual(expected));
});

describe('O365 Email Suspicious Behavior Alert (85c7555a)', () => {
  // After SEKOIA security_compliance_alert_8.json.
  const alert = (name: string) =>
    compliance('AlertEntityGenerated', {
      Name: name,
      AlertId: 'f2b1c0d4-0000-0000-0000-000000000001',
      ObjectId: 'test@example.com',
      Severity: 'High',
      Category: 'ThreatManagement',
      Data: '{"f3u":"test@example.com"}',
    });
  const cases: Case[] = [
    {
      name: 'User restricted from sending email',
      records: [alert('User restricted from sending email')],
      expected: [
        {
          fields: {
            dest: ORG,
            user: 'test@example.com',
            src: '0',
            vendor_account: ORG,
            vendor_product: SCC,
            signature: 'User restricted from sending email',
            signature_id: 'f2b1c0d4-0000-0000-0000-000000000001',
          },
          risk: 90,
          mailboxes: ['test@example.com'],
        },
      ],
    },
    { name: 'another alert (SEKOIA alert_2..7 names)', records: [alert('Suspicious connector activity')], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(emailSuspiciousBehaviorAlert, records), expected)).toEqual(expected));
});

describe('OAuth App Mailbox Access via EWS / Graph API (e600cf1a, 9db0d5b0): context rows', () => {
  const APP = '47629505-c2b6-4a80-adb1-9b3a3d233b7b';
  test('Splunk example: an EWS read is an EWS row, not a Graph row', () => {
    const expected = [
      {
        fields: {
          user: 'user15@splunkresearch.onmicrosoft.com',
          ClientAppId: APP,
          OperationCount: '4',
          AppId: APP,
          vendor_account: '75243ab2-44f8-435c-a7a6-b479385df6d4',
          vendor_product: EXO,
          dest: '75243ab2-44f8-435c-a7a6-b479385df6d4',
          signature: 'MailItemsAccessed',
          ClientInfoString:
            'Client=WebServices;ExchangeWebServicesProxy/CrossSite/EXCH/15.20.7249.024/python-requests/2.25.1[AppId=47629505-c2b6-4a80-adb1-9b3a3d233b7b];',
        },
        values: { src: ['120.1.121.35'], MailboxOwnerUPN: ['user15@splunkresearch.onmicrosoft.com'] },
        type: 'Context' as const,
      },
    ];
    expect(project(run(oauthAppMailboxAccessViaEws, [splunkSample(10)]), expected)).toEqual(expected);
    expect(run(oauthAppMailboxAccessViaGraphApi, [splunkSample(10)])).toEqual([]);
  });
  test('Graph reads: one row per (user, app, OperationCount); AppId compared case-insensitively', () => {
    const records = [
      mailRead('a@contoso.onmicrosoft.com', '2024-03-01T10:00:00', APP, true),
      mailRead('a@contoso.onmicrosoft.com', '2024-03-01T10:05:00', APP, true, { AppId: '00000003-0000-0000-C000-000000000000' }),
      mailRead('b@contoso.onmicrosoft.com', '2024-03-01T10:01:00', APP, true, { OperationCount: 3 }),
    ];
    const rows = run(oauthAppMailboxAccessViaGraphApi, records).map((r) => [r.fields.user, r.fields.AppId, r.fields.OperationCount, r.count]);
    expect(rows).toEqual([
      ['a@contoso.onmicrosoft.com', '00000003-0000-0000-c000-000000000000', '1', 1],
      ['b@contoso.onmicrosoft.com', '00000003-0000-0000-c000-000000000000', '3', 1],
      ['a@contoso.onmicrosoft.com', '00000003-0000-0000-C000-000000000000', '1', 1],
    ]);
    expect(run(oauthAppMailboxAccessViaEws, records)).toEqual([]);
  });
});
