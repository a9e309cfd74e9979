import { describe, expect, test } from 'vitest';
import { createPackSink } from '../../../src/core/detections/pack-sink.ts';
import { selectDetections, packNeedles, DETECTIONS } from '../../../src/core/detections/index.ts';
import { createDetectingSession } from '../../../src/core/session.ts';
import { DEFAULT_PARAMS } from '../../../src/core/rule.ts';
import * as write from '../../fixtures/export-formats.ts';
import { incidentRecords } from '../../fixtures/detections/incident.ts';
import { cmdlet, mailboxAudit, type AuditRecord } from '../../fixtures/detections/records.ts';

// The pack inside the engine: which records are decoded, every input shape, every chunk boundary.
const encode = (text: string) => new TextEncoder().encode(text);

function analyse(files: { name: string; bytes: Uint8Array; splitAt?: number }[], detections = DETECTIONS) {
  const decoded: string[] = [];
  const pack = createPackSink(detections);
  const session = createDetectingSession(DEFAULT_PARAMS, {
    pack,
    decodeUtf8: (bytes) => {
      const text = new TextDecoder().decode(bytes);
      decoded.push(text);
      return text;
    },
  });
  const summaries = files.map(({ name, bytes, splitAt }) => {
    const analyzer = session.file(name);
    if (splitAt === undefined) analyzer.write(bytes);
    else {
      analyzer.write(bytes.subarray(0, splitAt));
      analyzer.write(bytes.subarray(splitAt));
    }
    return analyzer.end();
  });
  return { decoded, summaries, ...pack.results(), apiAlerts: session.alerts() };
}

const signIn = (n: number): AuditRecord => ({
  CreationTime: '2024-03-01T08:00:00',
  Id: `sign-in-${n}`,
  Operation: 'UserLoggedIn',
  Workload: 'AzureActiveDirectory',
  RecordType: 15,
  UserId: 'x@contoso.onmicrosoft.com',
});
const forwarding = cmdlet('Set-Mailbox', { Identity: 'victim', ForwardingSmtpAddress: 'smtp:drop@attacker.example' }, { Id: 'fwd-1' });
const owaRead = mailboxAudit('MailItemsAccessed', { Id: 'owa-1', ClientAppId: 'x', RecordType: 50 });

describe('the detection pack in the engine', () => {
  test('records naming none of the selected operations stay undecoded, and are counted', () => {
    const records = [signIn(1), signIn(2), forwarding, owaRead, signIn(3)];
    const { decoded, summaries, alerts } = analyse([{ name: 'a.jsonl', bytes: encode(write.managementApiLines(records)) }]);
    // The first record is read to learn the file's shape; then only the forwarding change. The read is
    // the rule's, its fields taken from its bytes (record-fields.ts), as without the pack.
    expect(decoded.map((t) => JSON.parse(t).Id)).toEqual(['sign-in-1', 'fwd-1']);
    expect(summaries[0].records).toBe(5);
    expect(alerts.map((a) => a.detectionName)).toEqual(['O365 Mailbox Email Forwarding Enabled']);
  });

  test('a subset of the pack decodes only what the subset names', () => {
    const { detections } = selectDetections(['68469fd0']);
    expect(packNeedles(detections)).toEqual(['New-InboxRule', 'set-InboxRule']);
    const { decoded, alerts } = analyse([{ name: 'a.jsonl', bytes: encode(write.managementApiLines([signIn(1), forwarding, owaRead])) }], detections);
    expect(decoded.map((t) => JSON.parse(t).Id)).toEqual(['sign-in-1']);
    expect(alerts).toEqual([]);
    // The analytic's own spelling, set-InboxRule, still finds Set-InboxRule in the bytes.
    const setRule = cmdlet('Set-InboxRule', { Identity: 'r', ForwardTo: 'x@evil.example' }, { Id: 'set-1' });
    const second = analyse([{ name: 'b.jsonl', bytes: encode(write.managementApiLines([signIn(1), setRule])) }], detections);
    expect(second.decoded.map((t) => JSON.parse(t).Id)).toEqual(['sign-in-1', 'set-1']);
    expect(second.alerts.map((a) => a.fields.ForwardTo)).toEqual(['x@evil.example']);
  });

  test('the same records as JSON lines and as Purview CSV count once', () => {
    const records = incidentRecords();
    const one = analyse([{ name: 'a.jsonl', bytes: encode(write.managementApiLines(records)) }]);
    const both = analyse([
      { name: 'a.jsonl', bytes: encode(write.managementApiLines(records)) },
      { name: 'a.csv', bytes: encode(write.purviewCsv(records)) },
    ]);
    const csv = analyse([{ name: 'a.csv', bytes: encode(write.purviewCsv(records)) }]);
    expect(one.alerts.map((a) => [a.detection, a.count])).toEqual([
      ['50eaabf8-5180-4e86-bfb2-011472c359fc', 1],
      ['449f525a-7b42-47be-96a7-d9724e336c19', 1],
      ['68469fd0-1315-44ba-b7e4-e92847bb76d6', 1],
      ['2ce9f31d-ab4f-4179-b2b7-c77a9652e1d8', 1],
    ]);
    expect(both.alerts).toEqual(one.alerts);
    expect(csv.alerts).toEqual(one.alerts);
    expect(both.context).toEqual(one.context);
  });

  test('every chunk boundary gives the same pack answer', () => {
    // The forwarding rule (two alerts: 449f525a, 68469fd0) and the export, with a multi-byte character.
    const records = incidentRecords().slice(8);
    records[1] = { ...records[1], Query: 'facture réglée' };
    const bytes = encode(write.managementApiLines(records));
    const whole = analyse([{ name: 'a.jsonl', bytes }]);
    expect(whole.alerts.map((a) => a.detection)).toEqual([
      '449f525a-7b42-47be-96a7-d9724e336c19',
      '68469fd0-1315-44ba-b7e4-e92847bb76d6',
      '2ce9f31d-ab4f-4179-b2b7-c77a9652e1d8',
    ]);
    expect(whole.alerts[2].fields.Query).toBe('facture réglée');
    for (let k = 1; k < bytes.length; k++) {
      const split = analyse([{ name: 'a.jsonl', bytes, splitAt: k }]);
      if (JSON.stringify(split.alerts) !== JSON.stringify(whole.alerts) || JSON.stringify(split.context) !== JSON.stringify(whole.context))
        throw new Error(`differs when split at ${k}`);
    }
  });

  test('records of odd shapes are read without throwing, and select nothing', () => {
    const odd: AuditRecord[] = [
      { CreationTime: '2024-03-01T10:00:00', Operation: 'Set-Mailbox', Parameters: '[{broken', Workload: 'Exchange' },
      { CreationTime: '2024-03-01T10:00:00', Operation: 'Update application.', ModifiedProperties: { NewValue: '[' }, Actor: 'x', Target: [null, 7] },
      {
        CreationTime: '2024-03-01T10:00:00',
        Operation: 'UpdateInboxRules',
        Workload: 'Exchange',
        OperationProperties: [
          { Name: 'ServerRule', Value: '{"Actions":7}' },
          { Name: 'x', Value: 'ForwardToRecipientsAction' },
        ],
      },
      { CreationTime: '2024-03-01T10:00:00', Operation: 'HardDelete', Workload: 'Exchange', Folder: '{"Path":"\\\\Sent Items"}', AffectedItems: 'none' },
      { CreationTime: '2024-03-01T10:00:00', Operation: 'ModifyFolderPermissions', Workload: 'Exchange', Item: { ParentFolder: [] } },
      { CreationTime: 12, Operation: 7 },
      { Operation: 'Set-Mailbox' },
    ];
    const pack = createPackSink();
    for (const record of odd) pack.add(record);
    expect(pack.results()).toEqual({ alerts: [], context: [] });
  });

  test('a record without CreationTime takes the row time that stands in for it (Sentinel)', () => {
    const pack = createPackSink(selectDetections(['0b6bc75c']).detections);
    const { CreationTime: _, ...rest } = forwarding;
    pack.add(rest, '2024-03-01T10:00:00Z');
    expect(pack.results().alerts.map((a) => a.firstTime)).toEqual(['2024-03-01T10:00:00Z']);
  });
});
