// A CSV header read: its columns, its delimiter, the export it belongs to (formats.ts) and the zone its
// time column states. Sentinel's portal writes "TimeGenerated [UTC]", and may write "[UTC+02:00]" or
// "[Local Time]": the bracket names the zone of that column's values, so it is read, never guessed.

import { splitCsvRow } from './csv-records.ts';
import { formatOfHeader, noMailReads, type Format } from './formats.ts';

/** The zone of a CSV time column: minutes east of UTC, or 'local' when the export only says "local time". */
export type ColumnZone = number | 'local';

export type CsvHeader =
  { columns: string[]; delimiter: string; format: Format; layout: string; timeZone: ColumnZone | null; timeColumn: string } | { unsupported: string };

export function describeCsvHeader(line: string): CsvHeader {
  const delimiter = guessDelimiter(line);
  const raw = splitCsvRow(line.replace(/^\uFEFF/, ''), delimiter).map((c) => c.trim());
  const columns = raw.map((c) => c.replace(/\s*\[[^\]]*\]$/, ''));
  const format = formatOfHeader(columns);
  if (!format) {
    const shown = columns.slice(0, 6).join(', ');
    const looksLikeHeader = columns.length > 1 && columns.every((c) => /^[\w .@#-]{1,64}$/.test(c));
    return {
      unsupported: looksLikeHeader
        ? `A CSV file, but not an audit log export: it has no AuditData column (columns: ${shown}${columns.length > 6 ? ', ...' : ''}).`
        : `Text that is neither JSON nor a CSV audit log export; it starts: ${JSON.stringify(line.slice(0, 60))}.`,
    };
  }
  if (!format.unwrap) return { unsupported: noMailReads(format) };
  const at = format.timeColumn ? columns.indexOf(format.timeColumn) : -1;
  const zone = at === -1 ? null : columnZone(raw[at]);
  if (zone !== null && typeof zone === 'object') return { unsupported: zone.unreadable };
  return { columns, delimiter, format, layout: format.csvName ?? format.name, timeZone: zone, timeColumn: at === -1 ? '' : raw[at] };
}

/**
 * The zone a column's decoration names: null when it names none, `unreadable` with a sentence when it
 * names one that cannot be read.
 */
export function columnZone(column: string): ColumnZone | { unreadable: string } | null {
  const decoration = /\[([^\]]*)\]$/.exec(column)?.[1]?.trim();
  if (decoration === undefined) return null;
  if (/^(UTC|GMT|Z)$/i.test(decoration)) return 0;
  const offset = /^(UTC|GMT)\s*[+-]/i.test(decoration) ? parseOffset(decoration) : null;
  if (offset !== null) return offset;
  if (/^local( time)?$/i.test(decoration)) return 'local';
  return {
    unreadable: `The time column "${column}" names a zone this tool does not know ("${decoration}"). Export the times in UTC, or as an offset such as [UTC+02:00].`,
  };
}

/** "+02:00" (or "UTC+02:00", "GMT-5") -> minutes east of UTC; null when the text is not an offset from UTC. */
export function parseOffset(text: string): number | null {
  const m = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(text.trim());
  if (!m || Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

export const localTimeMessage = (column: string) =>
  `The times in this export (column "${column}") are in the local time of the machine that exported it, and the file does not say which zone that was. ` +
  'Give the offset from UTC of that machine (on the command line --time-offset +02:00; in the app, the time offset field above the drop zone) and analyse the file again.';

function guessDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = line.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}
