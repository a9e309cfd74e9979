// Inputs on which the rule once answered nothing and said nothing, which a responder reads as a clean
// tenant. Each must now give the right answer or say, on the file, why it cannot.

import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { localTimeMessage } from '../../src/core/csv-layout.ts';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import { NO_MAIL_READS } from '../../src/core/rule-fields.ts';
import { reusedIdMessage } from '../../src/core/file-summary.ts';
import { analyzeChunks } from '../../src/core/session.ts';
import * as write from '../fixtures/export-formats.ts';
import { expectedMailboxAlerts, HARVESTER, records, type AuditRecord } from '../fixtures/scenario.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const analyse = (text: string, options?: Parameters<typeof analyzeChunks>[2]) =>
  analyzeChunks([{ name: 'export', chunks: [utf8(text)] }], DEFAULT_PARAMS, options);
const comparable = (alert: object) => Object.fromEntries(Object.keys(expectedMailboxAlerts[0]).map((k) => [k, (alert as Record<string, unknown>)[k]]));
const without = (field: string) => records.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== field)) as AuditRecord);
// The scenario's MailItemsAccessed records: 7 Graph harvester reads, 6 delegate and 5 FIVE EWS reads, 7
// Outlook RPC reads and 1 Graph read without ClientAppId (test/fixtures/scenario.ts).
const MAIL_READS = 7 + 6 + 5 + 7 + 1;

describe('a field the rule needs is absent from the whole export', () => {
  test('Sentinel CSV without an AppId column: every MailItemsAccessed record unjudged, and said so', () => {
    const [file] = analyse(write.sentinelCsv(without('AppId'))).files;
    expect(file.unsupported).toBeUndefined();
    // All but the Graph read whose ClientAppId cell is empty: that one the analytic rules out (ClientAppId=*).
    expect([file.selected, file.unjudged]).toEqual([0, MAIL_READS - 1]);
    expect(file.warnings).toEqual([
      `This export has no AppId column: Graph reads cannot be recognised; ${MAIL_READS - 1} MailItemsAccessed records could not be judged.`,
    ]);
  });

  test('JSON lines without ClientInfoString: Graph reads still judged, the others counted apart', () => {
    const { alerts, files } = analyse(write.managementApiLines(without('ClientInfoString')));
    // Graph reads (harvester 7) are selected on AppId alone; the EWS reads (6 + 5) and the Outlook reads (7)
    // could be EWS for all the export shows. The Graph read without ClientAppId is the analytic's own miss.
    expect([files[0].selected, files[0].unjudged]).toEqual([7, 6 + 5 + 7]);
    expect(files[0].warnings).toEqual([
      'This export has no ClientInfoString field: EWS reads cannot be recognised; 18 MailItemsAccessed records could not be judged.',
    ]);
    expect(alerts.map((a) => [a.clientAppId, a.uniqueMailboxes])).toEqual([[HARVESTER, 6]]);
  });

  test('Sentinel CSV without OfficeWorkload: unjudged, and said so', () => {
    const { data } = Papa.parse<Record<string, string>>(write.sentinelCsv(records), { header: true, skipEmptyLines: true });
    const projected = Papa.unparse(data.map(({ OfficeWorkload: _dropped, ...row }) => row));
    const [file] = analyse(`${projected}\n`).files;
    // The Outlook reads (7) and the Graph read with an empty ClientAppId are ruled out whatever the workload;
    // the Graph and EWS reads (7 + 6 + 5) could be Exchange's or not.
    expect([file.selected, file.unjudged]).toEqual([0, 18]);
    expect(file.warnings).toEqual([
      'This export has no Workload (or OfficeWorkload) column: Exchange reads cannot be told from other workloads; 18 MailItemsAccessed records could not be judged.',
    ]);
  });

  test("a field carried by some records and absent from others is the analytic's own case, not a gap", () => {
    const [file] = analyse(write.managementApiLines(records)).files; // the Graph read without ClientAppId
    expect([file.unjudged, file.warnings]).toEqual([0, []]);
  });

  test('an export with no MailItemsAccessed record says it cannot show mailbox reads', () => {
    const [file] = analyse(write.managementApiLines(records.filter((r) => r.Operation !== 'MailItemsAccessed'))).files;
    expect(file.warnings).toEqual([NO_MAIL_READS]);
  });
});

describe('a time column that names its zone', () => {
  // The incident two hours ahead, as a machine at UTC+02:00 writes it.
  const ahead = records.map((r) => ({ ...r, CreationTime: new Date(Date.parse(`${String(r.CreationTime)}Z`) + 2 * 3600_000).toISOString().slice(0, 19) }));

  test('[UTC+02:00] is converted to UTC', () => {
    const { alerts, files } = analyse(write.sentinelCsv(ahead).replace('TimeGenerated [UTC]', 'TimeGenerated [UTC+02:00]'));
    expect(files[0].firstTime).toBe('2024-02-01T10:01:00Z');
    expect(alerts.map(comparable)).toEqual(expectedMailboxAlerts);
  });

  test('[Local Time] is refused with the reason, and read once the responder gives the offset', () => {
    const csv = write.sentinelCsv(ahead).replace('TimeGenerated [UTC]', 'TimeGenerated [Local Time]');
    const refused = analyse(csv).files[0];
    expect(refused.unsupported).toBe(localTimeMessage('TimeGenerated [Local Time]'));
    const { alerts } = analyse(csv, { localOffsetMinutes: 120 });
    expect(alerts.map(comparable)).toEqual(expectedMailboxAlerts);
  });

  test('a zone it cannot read is refused, not read as UTC', () => {
    const [file] = analyse(write.sentinelCsv(records).replace('TimeGenerated [UTC]', 'TimeGenerated [Pacific]')).files;
    expect(file.unsupported).toMatch(/names a zone this tool does not know \("Pacific"\)/);
  });
});

describe('records that share an Id but not their content', () => {
  test('anonymised Ids no longer merge different reads: the alerts are those of the real Ids', () => {
    const anonymised = records.map((r) => ({ ...r, Id: 'ANONYMIZED' }));
    const { alerts, files } = analyse(write.managementApiLines(anonymised));
    expect(alerts.map(comparable)).toEqual(expectedMailboxAlerts);
    expect([files[0].duplicates, files[0].reusedIds]).toEqual([0, files[0].selected - 1]);
    expect(files[0].problems[0]).toEqual({ line: 2, message: reusedIdMessage('ANONYMIZED') });
  });

  test('an exact repeat under a placeholder Id is still a duplicate', () => {
    const anonymised = records.map((r) => ({ ...r, Id: '00000000-0000-0000-0000-000000000000' }));
    const { files } = analyzeChunks(
      [
        { name: 'a', chunks: [utf8(write.managementApiLines(anonymised))] },
        { name: 'b', chunks: [utf8(write.managementApiLines(anonymised))] },
      ],
      DEFAULT_PARAMS,
    );
    expect(files[1].duplicates).toBe(files[1].selected);
  });
});

describe('the wrong table', () => {
  test.each([
    {
      name: 'Sentinel SigninLogs CSV',
      text: 'TimeGenerated [UTC],UserPrincipalName,AppDisplayName,ResultType,IPAddress\n"2/1/2024, 10:00:00.000 AM",a@x,Office,0,1.2.3.4\n',
      table: 'Microsoft Entra ID sign-in log (SigninLogs)',
    },
    {
      name: 'Entra AuditLogs JSON rows',
      text: JSON.stringify([
        { TimeGenerated: '2024-02-01T10:00:00Z', OperationName: 'Add member to role', InitiatedBy: {}, TargetResources: [], Type: 'AuditLogs' },
      ]),
      table: 'Microsoft Entra ID audit log (AuditLogs)',
    },
    {
      name: 'Defender EmailEvents CSV',
      text: 'Timestamp,NetworkMessageId,SenderFromAddress,RecipientEmailAddress,DeliveryAction\n2024-02-01T10:00:00Z,abc,a@x,b@y,Delivered\n',
      table: 'Microsoft Defender EmailEvents',
    },
    {
      name: 'Log Analytics rows of another table',
      text: JSON.stringify({ TimeGenerated: '2024-02-01T10:00:00Z', Type: 'AADNonInteractiveUserSignInLogs', UserPrincipalName: 'a@x' }),
      table: 'Log Analytics AADNonInteractiveUserSignInLogs table',
    },
  ])('$name is named and said to hold no mailbox reads', ({ text, table }) => {
    const [file] = analyse(text).files;
    expect(file.unsupported).toMatch(new RegExp(`^This is an export of the ${table.replace(/[()]/g, '\\$&')}: it holds .*, not mailbox reads`));
  });

  test('Sentinel OfficeActivity is still OfficeActivity', () => {
    expect(analyse(write.sentinelJson(records)).files[0].format).toBe('Microsoft Sentinel OfficeActivity (JSON array)');
  });
});

describe('an export cut off at its end', () => {
  test('a JSON array that ends inside a record is marked cut short; a whole one is not', () => {
    const whole = write.managementApiArray(records);
    expect(analyse(whole).files[0].cutShort).toBe(false);
    expect(analyse(whole.slice(0, whole.length - 200)).files[0].cutShort).toBe(true);
  });

  test('a damaged line in the middle is not a cut end', () => {
    const lines = write.managementApiLines(records).replace('\n', '\n{"cut": \n');
    expect(analyse(lines).files[0]).toMatchObject({ skipped: 1, cutShort: false });
  });
});

test("an AuditData cell cut at Excel's 32,767 characters is reported as that, not as a JSON parse position", () => {
  const [big] = records;
  const padded = { ...big, Folders: [{ Path: 'x'.repeat(40_000) }] };
  const cut = JSON.stringify(padded).slice(0, 32_767);
  const csv = `${write.purviewCsv([records[1]]).trimEnd()}\r\nrec-cut,2/1/2024 10:01:00 AM,50,MailItemsAccessed,u,"${cut.replace(/"/g, '""')}",,\r\n`;
  const [file] = analyse(csv).files;
  expect(file.problems).toEqual([
    {
      line: 3,
      message: "unreadable record: AuditData was cut by Excel's 32,767-character cell limit: re-export as CSV from the portal, without opening it in Excel",
    },
  ]);
});
