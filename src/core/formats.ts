// "Which export is this?", answered in one table. Each row is one shape a responder may hold: what it is
// called, how a CSV header or a parsed JSON row of it is recognised, where the audit record (the Management
// Activity API's AuditData) sits in a row and which of the row's own fields stand in where the record
// lacks them (Sentinel's TimeGenerated, Graph's id, PowerShell's Identity). Rows without `unwrap` are tables
// that hold no mailbox reads at all: a file of them is named and not analysed. The first row that matches
// wins, so specific shapes come before general ones. A new shape is a new row.

export type Row = Record<string, unknown>;

export interface Unwrapped {
  record: Row;
  fallbackId?: unknown;
  fallbackTime?: unknown;
}

type Has = (...columns: string[]) => boolean;

export interface Format {
  /** What a JSON file of it is called (its container, "JSON lines" say, is added by the reader). */
  name: string;
  /** What a CSV file of it is called, when it has a CSV form. */
  csvName?: string;
  /** Recognises a CSV header (column names without their [zone] decoration). */
  header?: (has: Has) => boolean;
  /** Recognises one parsed JSON row. */
  row?: (row: Row) => boolean;
  /** The audit record in a row; throws when the row carries one that is not readable JSON. */
  unwrap?: (row: Row) => Unwrapped;
  /** The column a row's time falls back to: a CSV header may name its zone. */
  timeColumn?: string;
  /** For tables without mailbox reads: what they hold instead. */
  holds?: string;
  /** The name a row gives itself, where it names its table (Log Analytics' Type). */
  tableName?: (row: Row) => string;
}

const parseJsonObject = (text: string): Row => {
  const value: unknown = JSON.parse(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Row;
};

/** Excel's most characters in one cell: a CSV saved from Excel cuts a longer AuditData there. */
export const EXCEL_CELL_LIMIT = 32_767;

const asRecord = (value: unknown, field: string): Row => {
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      return parseJsonObject(value);
    } catch (error) {
      if (value.length === EXCEL_CELL_LIMIT)
        throw new Error(`${field} was cut by Excel's 32,767-character cell limit: re-export as CSV from the portal, without opening it in Excel`);
      throw error;
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Row;
  throw new Error(`${field} is not a JSON object`);
};

const isObject = (value: unknown): value is Row => !!value && typeof value === 'object' && !Array.isArray(value);

// AuditData in a column (Purview, PowerShell): RecordId/Identity and CreationDate stand in for the record's own.
const auditData = (row: Row): Unwrapped => ({
  record: asRecord(row.AuditData, 'AuditData'),
  fallbackId: row.Identity ?? row.RecordId,
  fallbackTime: row.CreationDate,
});

// Sentinel renames a few AuditData fields and stores the nested ones as JSON strings (parsed later).
function sentinelRecord(row: Row): Unwrapped {
  const record: Row = Object.assign(Object.create(null), row);
  record.Workload ??= row.OfficeWorkload;
  record.ClientIPAddress ??= row.Client_IPAddress ?? row.ClientIP;
  record.Id ??= row.OfficeId;
  return { record, fallbackTime: row.TimeGenerated };
}

// Defender's RawEventData, from advanced hunting rows or the streaming API's `properties`. Advanced hunting
// exports mix tables; rows of other tables carry no audit record (RawEventData null), and count as records.
function rawEventData(row: Row): Unwrapped {
  const empty = row.RawEventData === null || row.RawEventData === '' || row.RawEventData === undefined;
  return { record: empty ? (Object.create(null) as Row) : asRecord(row.RawEventData, 'RawEventData'), fallbackTime: row.Timestamp };
}

const tableType = (row: Row) => (typeof row.Type === 'string' ? row.Type : '');

export const FORMATS: Format[] = [
  {
    name: 'Splunk JSON export of o365:management:activity',
    row: (row) => isObject(row.result) && typeof row.result._raw === 'string',
    unwrap: (row) => ({ record: parseJsonObject((row.result as Row)._raw as string) }),
  },
  {
    name: 'Splunk export of o365:management:activity',
    csvName: 'Splunk export of o365:management:activity (CSV)',
    header: (has) => has('_raw'),
    row: (row) => typeof row._raw === 'string',
    unwrap: (row) => ({ record: parseJsonObject(row._raw as string) }),
  },
  {
    // The streaming API (Event Hub, storage account) writes {"time", "tenantId", "category", "properties"}.
    name: 'Microsoft Defender streaming API CloudAppEvents',
    row: (row) => typeof row.category === 'string' && row.category.startsWith('AdvancedHunting-') && isObject(row.properties),
    unwrap: (row) => rawEventData({ Timestamp: row.time, ...(row.properties as Row) }),
  },
  {
    name: 'Microsoft Defender CloudAppEvents',
    csvName: 'Microsoft Defender CloudAppEvents (CSV)',
    header: (has) => has('RawEventData'),
    row: (row) => 'RawEventData' in row,
    unwrap: rawEventData,
    timeColumn: 'Timestamp',
  },
  {
    name: 'Microsoft Graph audit log query',
    csvName: 'Microsoft Graph audit log query (CSV)',
    header: (has) => has('auditData'),
    row: (row) => 'auditData' in row,
    unwrap: (row) => ({ record: asRecord(row.auditData, 'auditData'), fallbackId: row.id, fallbackTime: row.createdDateTime }),
    timeColumn: 'createdDateTime',
  },
  {
    name: 'Purview audit search',
    csvName: 'Purview audit search CSV',
    header: (has) => has('RecordId', 'AuditData', 'Operation'),
    unwrap: auditData,
    timeColumn: 'CreationDate',
  },
  {
    name: 'PowerShell Search-UnifiedAuditLog',
    csvName: 'PowerShell Search-UnifiedAuditLog (Export-Csv)',
    header: (has) => has('AuditData') && (has('PSComputerName') || has('RunspaceId') || has('ResultIndex') || has('Identity')),
    row: (row) => 'AuditData' in row,
    unwrap: auditData,
    timeColumn: 'CreationDate',
  },
  {
    name: 'Purview audit search (classic layout)',
    csvName: 'Purview audit search CSV (classic layout)',
    header: (has) => has('CreationDate', 'UserIds', 'Operations', 'AuditData'),
    unwrap: auditData,
    timeColumn: 'CreationDate',
  },
  {
    name: 'Microsoft Entra ID sign-in log (SigninLogs)',
    header: (has) => has('ResultType', 'AppDisplayName') || has('ConditionalAccessStatus'),
    row: (row) => tableType(row) === 'SigninLogs' || row.category === 'SignInLogs' || 'ConditionalAccessStatus' in row || 'conditionalAccessStatus' in row,
    holds: 'sign-ins',
  },
  {
    name: 'Microsoft Entra ID audit log (AuditLogs)',
    header: (has) => (has('OperationName') || has('ActivityDisplayName')) && has('InitiatedBy'),
    row: (row) =>
      tableType(row) === 'AuditLogs' || (('OperationName' in row || 'activityDisplayName' in row) && ('InitiatedBy' in row || 'initiatedBy' in row)),
    holds: 'directory changes (users, groups, applications, roles)',
  },
  {
    name: 'Microsoft Defender EmailEvents',
    header: (has) => has('NetworkMessageId', 'SenderFromAddress'),
    row: (row) => 'NetworkMessageId' in row && 'SenderFromAddress' in row,
    holds: 'mail delivered to the tenant (senders, recipients, verdicts)',
  },
  {
    name: 'Microsoft Sentinel OfficeActivity',
    csvName: 'Microsoft Sentinel OfficeActivity (CSV)',
    header: (has) => has('Operation') && (has('OfficeWorkload') || has('TimeGenerated')),
    row: (row) => 'OfficeWorkload' in row || tableType(row) === 'OfficeActivity' || ('TimeGenerated' in row && 'Operation' in row && !tableType(row)),
    unwrap: sentinelRecord,
    timeColumn: 'TimeGenerated',
  },
  {
    // Log Analytics names each row's table in `Type`: any other table than OfficeActivity holds no mail reads.
    name: 'Log Analytics table other than OfficeActivity',
    row: (row) => tableType(row) !== '' && 'TimeGenerated' in row,
    holds: 'another kind of activity',
    tableName: (row) => `Log Analytics ${tableType(row)} table`,
  },
  { name: 'CSV with an AuditData column', csvName: 'CSV with an AuditData column', header: (has) => has('AuditData'), unwrap: auditData },
  {
    name: 'Management Activity API records',
    row: (row) => 'CreationTime' in row || ('Operation' in row && 'Workload' in row),
    unwrap: (row) => ({ record: row }),
  },
];

/** The format of a parsed JSON row, or null when it is of no known shape. */
export function formatOfRow(row: Row): Format | null {
  return FORMATS.find((format) => format.row?.(row)) ?? null;
}

/** The format a CSV header belongs to, or null. */
export function formatOfHeader(columns: string[]): Format | null {
  const names = new Set(columns);
  const has: Has = (...wanted) => wanted.every((name) => names.has(name));
  return FORMATS.find((format) => format.header?.(has)) ?? null;
}

/** The sentence for a file of a table that holds no mailbox reads; '' for an audit export. */
export function noMailReads(format: Format, row?: Row): string {
  if (format.unwrap) return '';
  const name = (row && format.tableName?.(row)) || format.name;
  return (
    `This is an export of the ${name}: it holds ${format.holds}, not mailbox reads, so it cannot show mail collection. ` +
    "Export the unified audit log instead (a Purview audit search, Search-UnifiedAuditLog, or Sentinel's OfficeActivity table)."
  );
}
