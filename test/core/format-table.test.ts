import { describe, expect, test } from 'vitest';
import { formatOfHeader, formatOfRow } from '../../src/core/formats.ts';

// "Which export is this?" as one dense table: a header or a row, and the format it names (null: none).
describe('formatOfHeader', () => {
  test.each([
    { header: 'RecordId,CreationDate,RecordType,Operation,UserId,AuditData', expected: 'Purview audit search CSV' },
    { header: 'CreationDate,UserIds,Operations,AuditData', expected: 'Purview audit search CSV (classic layout)' },
    {
      header: 'PSComputerName,RunspaceId,PSShowComputerName,RecordType,CreationDate,UserIds,Operations,AuditData,ResultIndex,ResultCount,Identity',
      expected: 'PowerShell Search-UnifiedAuditLog (Export-Csv)',
    },
    { header: 'id,createdDateTime,auditLogRecordType,operation,auditData', expected: 'Microsoft Graph audit log query (CSV)' },
    { header: 'Timestamp,ActionType,Application,RawEventData', expected: 'Microsoft Defender CloudAppEvents (CSV)' },
    { header: '_time,_raw,host,source', expected: 'Splunk export of o365:management:activity (CSV)' },
    { header: 'TimeGenerated,Operation,OfficeWorkload,UserId', expected: 'Microsoft Sentinel OfficeActivity (CSV)' },
    { header: 'TimeGenerated,UserPrincipalName,AppDisplayName,ResultType,IPAddress', expected: 'Microsoft Entra ID sign-in log (SigninLogs)' },
    { header: 'TimeGenerated,OperationName,InitiatedBy,TargetResources,Result', expected: 'Microsoft Entra ID audit log (AuditLogs)' },
    { header: 'Timestamp,NetworkMessageId,SenderFromAddress,RecipientEmailAddress', expected: 'Microsoft Defender EmailEvents' },
    { header: 'Date,Operation,AuditData', expected: 'CSV with an AuditData column' },
    { header: 'name,size,modified', expected: null },
  ])('$header -> $expected', ({ header, expected }) => {
    const format = formatOfHeader(header.split(','));
    expect(format ? (format.csvName ?? format.name) : null).toBe(expected);
  });
});

describe('formatOfRow', () => {
  test.each([
    { row: { CreationTime: '2024-02-01T10:00:00', Operation: 'MailItemsAccessed', Workload: 'Exchange' }, expected: 'Management Activity API records' },
    { row: { Operation: 'MailItemsAccessed', Workload: 'Exchange' }, expected: 'Management Activity API records' },
    { row: { Identity: 'x', AuditData: '{}' }, expected: 'PowerShell Search-UnifiedAuditLog' },
    { row: { id: 'x', createdDateTime: '2024-02-01T10:00:00Z', auditData: {} }, expected: 'Microsoft Graph audit log query' },
    { row: { Timestamp: '2024-02-01T10:00:00Z', RawEventData: {} }, expected: 'Microsoft Defender CloudAppEvents' },
    {
      row: { time: '2024-02-01T10:00:00Z', category: 'AdvancedHunting-CloudAppEvents', properties: { RawEventData: {} } },
      expected: 'Microsoft Defender streaming API CloudAppEvents',
    },
    { row: { preview: false, result: { _raw: '{}' } }, expected: 'Splunk JSON export of o365:management:activity' },
    { row: { _raw: '{}' }, expected: 'Splunk export of o365:management:activity' },
    {
      row: { TimeGenerated: '2024-02-01T10:00:00Z', Operation: 'MailItemsAccessed', OfficeWorkload: 'Exchange', Type: 'OfficeActivity' },
      expected: 'Microsoft Sentinel OfficeActivity',
    },
    { row: { TimeGenerated: '2024-02-01T10:00:00Z', Operation: 'MailItemsAccessed' }, expected: 'Microsoft Sentinel OfficeActivity' },
    { row: { TimeGenerated: '2024-02-01T10:00:00Z', Type: 'SigninLogs', ResultType: '0' }, expected: 'Microsoft Entra ID sign-in log (SigninLogs)' },
    {
      row: { createdDateTime: '2024-02-01T10:00:00Z', appDisplayName: 'Office', conditionalAccessStatus: 'success' },
      expected: 'Microsoft Entra ID sign-in log (SigninLogs)',
    },
    { row: { activityDisplayName: 'Add member to role', initiatedBy: {} }, expected: 'Microsoft Entra ID audit log (AuditLogs)' },
    { row: { NetworkMessageId: 'x', SenderFromAddress: 'a@x' }, expected: 'Microsoft Defender EmailEvents' },
    { row: { TimeGenerated: '2024-02-01T10:00:00Z', Type: 'AADNonInteractiveUserSignInLogs' }, expected: 'Log Analytics table other than OfficeActivity' },
    { row: { name: 'x', size: 1 }, expected: null },
  ])('$expected <- $row', ({ row, expected }) => {
    expect(formatOfRow(row)?.name ?? null).toBe(expected);
  });
});
