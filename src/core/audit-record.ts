// Every export wraps the same audit record (the Management Activity API's AuditData) differently.
// unwrap() peels the wrapper off one parsed row and says which export it came from; the fields a wrapper
// holds that the record lacks (Sentinel's TimeGenerated, Graph's id, PowerShell's Identity) come along
// as fallbacks for normalisation.

export type Row = Record<string, unknown>;

export interface Unwrapped {
  record: Row;
  /** The export this row's shape belongs to. */
  source: string;
  fallbackId?: unknown;
  fallbackTime?: unknown;
}

const parseJsonObject = (text: string): Row => {
  const value: unknown = JSON.parse(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Row;
};

const asRecord = (value: unknown): Row | null => {
  if (typeof value === 'string' && value.trim().startsWith('{')) return parseJsonObject(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Row;
  return null;
};

/** Throws when the row carries a record that is not readable JSON; returns null for rows of no known shape. */
export function unwrap(row: Row): Unwrapped | null {
  const result = row.result as Row | undefined;
  if (result && typeof result === 'object' && typeof result._raw === 'string') {
    return { record: parseJsonObject(result._raw), source: 'Splunk JSON export of o365:management:activity' };
  }
  if (typeof row._raw === 'string') {
    return { record: parseJsonObject(row._raw), source: 'Splunk export of o365:management:activity' };
  }
  if ('RawEventData' in row) {
    // Advanced hunting exports mix tables; rows of other tables carry no audit record (RawEventData null).
    const empty = row.RawEventData === null || row.RawEventData === '';
    const record = empty ? (Object.create(null) as Row) : asRecord(row.RawEventData);
    if (!record) throw new Error('RawEventData is not a JSON object');
    return { record, source: 'Microsoft Defender CloudAppEvents', fallbackTime: row.Timestamp };
  }
  if ('auditData' in row) {
    const record = asRecord(row.auditData);
    if (!record) throw new Error('auditData is not a JSON object');
    return {
      record,
      source: 'Microsoft Graph audit log query',
      fallbackId: row.id,
      fallbackTime: row.createdDateTime,
    };
  }
  if ('AuditData' in row) {
    const record = asRecord(row.AuditData);
    if (!record) throw new Error('AuditData is not a JSON object');
    return {
      record,
      source: 'PowerShell Search-UnifiedAuditLog',
      fallbackId: row.Identity ?? row.RecordId,
      fallbackTime: row.CreationDate,
    };
  }
  if ('OfficeWorkload' in row || 'TimeGenerated' in row) {
    return { record: sentinelRecord(row), source: 'Microsoft Sentinel OfficeActivity', fallbackTime: row.TimeGenerated };
  }
  if ('CreationTime' in row || ('Operation' in row && 'Workload' in row)) {
    return { record: row, source: 'Management Activity API records' };
  }
  return null;
}

// Sentinel renames a few AuditData fields and stores the nested ones as JSON strings (parsed later).
function sentinelRecord(row: Row): Row {
  const record: Row = Object.assign(Object.create(null), row);
  record.Workload ??= row.OfficeWorkload;
  record.ClientIPAddress ??= row.Client_IPAddress ?? row.ClientIP;
  record.Id ??= row.OfficeId;
  return record;
}
