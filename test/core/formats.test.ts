import { describe, expect, test } from 'vitest';
import { analyzeChunks } from '../../src/core/session.ts';
import { DEFAULT_PARAMS } from '../../src/core/rule.ts';
import * as write from '../fixtures/export-formats.ts';
import { expectedMailboxAlerts, RECORD_COUNT, records, SELECTED_COUNT } from '../fixtures/scenario.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

// Every export shape of the same incident must be read as what it is and give the same, hand-computed alerts.
const cases: { name: string; bytes: Uint8Array; format: RegExp; encoding: string }[] = [
  {
    name: 'Management Activity API: JSON array, pretty, CRLF',
    bytes: utf8(write.managementApiArray(records)),
    format: /^Management Activity API records \(JSON array\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'Management Activity API: JSON lines',
    bytes: utf8(write.managementApiLines(records)),
    format: /^Management Activity API records \(JSON lines\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'Management Activity API: two arrays appended by a collector',
    bytes: utf8(write.managementApiAppendedArrays(records)),
    format: /\(2 JSON arrays appended\)$/,
    encoding: 'UTF-8',
  },
  { name: 'Purview audit search CSV, new layout', bytes: utf8(write.purviewCsv(records)), format: /^Purview audit search CSV$/, encoding: 'UTF-8' },
  {
    name: 'Purview audit search CSV, classic layout',
    bytes: utf8(write.purviewClassicCsv(records)),
    format: /^Purview audit search CSV \(classic layout\)$/,
    encoding: 'UTF-8',
  },
  { name: 'Purview CSV with a UTF-8 BOM', bytes: write.utf8Bom(write.purviewCsv(records)), format: /^Purview audit search CSV$/, encoding: 'UTF-8 with BOM' },
  {
    name: 'PowerShell Export-Csv with #TYPE line',
    bytes: utf8(write.powershellExportCsv(records)),
    format: /^PowerShell Search-UnifiedAuditLog \(Export-Csv\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'PowerShell Export-Csv as Windows PowerShell 5.1 writes it: UTF-16LE with BOM',
    bytes: write.utf16(write.powershellExportCsv(records), 'le'),
    format: /Export-Csv/,
    encoding: 'UTF-16LE with BOM',
  },
  {
    name: 'PowerShell ConvertTo-Json',
    bytes: utf8(write.powershellJson(records)),
    format: /^PowerShell Search-UnifiedAuditLog \(JSON array\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'PowerShell ConvertTo-Json in UTF-16BE with BOM',
    bytes: write.utf16(write.powershellJson(records), 'be'),
    format: /PowerShell/,
    encoding: 'UTF-16BE with BOM',
  },
  {
    name: 'Graph audit log query: {"value": [...]} page',
    bytes: utf8(write.graphPage(records)),
    format: /^Microsoft Graph audit log query \(\{"value": \[\.\.\.\]\} page\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'Graph audit log query: bare array',
    bytes: utf8(write.graphArray(records)),
    format: /^Microsoft Graph audit log query \(JSON array\)$/,
    encoding: 'UTF-8',
  },
  { name: 'Graph audit log query: CSV', bytes: utf8(write.graphCsv(records)), format: /^Microsoft Graph audit log query \(CSV\)$/, encoding: 'UTF-8' },
  {
    name: 'Sentinel OfficeActivity: JSON rows, no CreationTime',
    bytes: utf8(write.sentinelJson(records)),
    format: /^Microsoft Sentinel OfficeActivity \(JSON array\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'Sentinel OfficeActivity: portal CSV with "TimeGenerated [UTC]"',
    bytes: utf8(write.sentinelCsv(records)),
    format: /^Microsoft Sentinel OfficeActivity \(CSV\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'Defender CloudAppEvents: JSON lines, CRLF',
    bytes: utf8(write.defenderCloudAppEvents(records)),
    format: /^Microsoft Defender CloudAppEvents \(JSON lines\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'Defender streaming API: {"records": [...]}',
    bytes: utf8(write.defenderStreamingApi(records)),
    format: /^Microsoft Defender streaming API CloudAppEvents \(\{"records": \[\.\.\.\]\} page\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'Defender streaming API: the same rows one a line',
    bytes: utf8(write.defenderStreamingLines(records)),
    format: /^Microsoft Defender streaming API CloudAppEvents \(JSON lines\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'Defender advanced hunting API: {"Schema": [...], "Results": [...]}',
    bytes: utf8(write.advancedHuntingApi(records)),
    format: /^Microsoft Defender CloudAppEvents \(\{"Results": \[\.\.\.\]\} page\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'Log Analytics query API: {"tables": [{"columns", "rows"}]}',
    bytes: utf8(write.logAnalyticsQueryApi(records)),
    format: /^Microsoft Sentinel OfficeActivity \(Log Analytics query API response\)$/,
    encoding: 'UTF-8',
  },
  { name: 'Splunk raw events, one per line', bytes: utf8(write.managementApiLines(records)), format: /JSON lines/, encoding: 'UTF-8' },
  {
    name: 'Splunk JSON export: {"preview":false,"result":{"_raw":...}}',
    bytes: utf8(write.splunkJsonExport(records)),
    format: /^Splunk JSON export of o365:management:activity \(JSON lines\)$/,
    encoding: 'UTF-8',
  },
  {
    name: 'JSON lines in UTF-16LE without a BOM',
    bytes: write.utf16(write.managementApiLines(records), 'le', false),
    format: /JSON lines/,
    encoding: 'UTF-16LE without BOM',
  },
];

// Only what the rule guarantees is compared: the alert fields the scenario worked out by hand.
const comparable = (alert: object) => Object.fromEntries(Object.keys(expectedMailboxAlerts[0]).map((k) => [k, (alert as Record<string, unknown>)[k]]));

describe('every export format gives the hand-computed alerts', () => {
  test.each(cases)('$name', ({ bytes, format, encoding }) => {
    const { alerts, files } = analyzeChunks([{ name: 'export', chunks: [bytes] }], DEFAULT_PARAMS);
    const [file] = files;
    expect(file.unsupported).toBeUndefined();
    expect(file.format).toMatch(format);
    expect(file.encoding).toBe(encoding);
    expect(file).toMatchObject({ records: RECORD_COUNT, selected: SELECTED_COUNT, skipped: 0, duplicates: 0, problems: [] });
    expect(file.firstTime).toBe('2024-02-01T10:01:00Z');
    expect(file.lastTime).toBe('2024-02-01T10:16:00Z');
    expect(alerts.map(comparable)).toEqual(expectedMailboxAlerts);
  });
});

test("Graph's AppId in upper case still reaches the rule (JSON records are skipped undecoded only when no API route is named)", () => {
  const upper = records.map((r) => (r.AppId === '00000003-0000-0000-c000-000000000000' ? { ...r, AppId: '00000003-0000-0000-C000-000000000000' } : r));
  const { alerts, files } = analyzeChunks(
    [
      { name: 'upper.jsonl', chunks: [utf8(write.managementApiLines(upper))] },
      { name: 'upper.csv', chunks: [utf8(write.purviewCsv(upper))] },
    ],
    DEFAULT_PARAMS,
  );
  expect(files.map((f) => [f.records, f.selected, f.duplicates])).toEqual([
    [RECORD_COUNT, SELECTED_COUNT, 0],
    [RECORD_COUNT, SELECTED_COUNT, SELECTED_COUNT],
  ]);
  expect(alerts.map(comparable)).toEqual(expectedMailboxAlerts);
});

test('a MailItemsAccessed row whose AuditData is cut short is reported, not counted unread', () => {
  const csv = `${write.purviewCsv(records.slice(0, 2))}bad-1,2/1/2024 10:30:00 AM,50,MailItemsAccessed,x,"{""Operation"":""MailItemsAccessed"", cut",,\r\n`;
  const [file] = analyzeChunks([{ name: 'cut.csv', chunks: [utf8(csv)] }], DEFAULT_PARAMS).files;
  expect(file).toMatchObject({ records: 2, skipped: 1 });
  expect(file.problems).toEqual([{ line: 4, message: expect.stringMatching(/^unreadable record/) }]);
});
