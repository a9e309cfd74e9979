// Which export a CSV header belongs to. Column names are the only reliable tell: Purview, PowerShell,
// Graph, Sentinel, Defender and Splunk each write a recognisable set.

import { splitCsvRow } from './csv-records.ts';

export type CsvHeader = { columns: string[]; delimiter: string; layout: string } | { unsupported: string };

export function describeCsvHeader(line: string): CsvHeader {
  const delimiter = guessDelimiter(line);
  // Sentinel's portal export names columns "TimeGenerated [UTC]"; the bracket is decoration.
  const columns = splitCsvRow(line.replace(/^\uFEFF/, ''), delimiter).map((c) => c.trim().replace(/\s*\[[^\]]*\]$/, ''));
  const has = (...names: string[]) => names.every((n) => columns.includes(n));
  const layout = has('RecordId', 'AuditData', 'Operation')
    ? 'Purview audit search CSV'
    : has('AuditData') && (has('PSComputerName') || has('RunspaceId') || has('ResultIndex') || has('Identity'))
      ? 'PowerShell Search-UnifiedAuditLog (Export-Csv)'
      : has('CreationDate', 'UserIds', 'Operations', 'AuditData')
        ? 'Purview audit search CSV (classic layout)'
        : has('auditData')
          ? 'Microsoft Graph audit log query (CSV)'
          : has('RawEventData')
            ? 'Microsoft Defender CloudAppEvents (CSV)'
            : has('_raw')
              ? 'Splunk export of o365:management:activity (CSV)'
              : has('Operation') && (has('OfficeWorkload') || has('TimeGenerated'))
                ? 'Microsoft Sentinel OfficeActivity (CSV)'
                : has('AuditData')
                  ? 'CSV with an AuditData column'
                  : '';
  if (!layout) {
    const shown = columns.slice(0, 6).join(', ');
    const looksLikeHeader = columns.length > 1 && columns.every((c) => /^[\w .@#-]{1,64}$/.test(c));
    return {
      unsupported: looksLikeHeader
        ? `A CSV file, but not an audit log export: it has no AuditData column (columns: ${shown}${columns.length > 6 ? ', ...' : ''}).`
        : `Text that is neither JSON nor a CSV audit log export; it starts: ${JSON.stringify(line.slice(0, 60))}.`,
    };
  }
  return { columns, delimiter, layout };
}

function guessDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = line.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}
