// Records -> events: what each record a splitter finds becomes. The analyzer (analyzer.ts) owns the bytes
// (encoding, splitting, skipping on bytes); this owns what a record is: its format (formats.ts), the rule's
// selection and fields (normalise.ts), and each event handed on (the session) with its verdict counted on
// the file's summary. Records that cannot be MailItemsAccessed are counted on their bytes, undecoded.

import { asciiBytes, byteSearch } from './bytes.ts';
import { splitCsvRow } from './csv-records.ts';
import { describeCsvHeader, localTimeMessage } from './csv-layout.ts';
import { MAX_TENANTS_LISTED, reusedIdMessage } from './file-summary.ts';
import { formatOfRow, noMailReads, type Format, type Row } from './formats.ts';
import { EWS_CLIENT, GRAPH_APP_ID, normalise, SELECTED_OPERATION } from './normalise.ts';
import { readRecordFields } from './record-fields.ts';
import type { RecordSink, SkipRule } from './record-sink.ts';
import { ALL_FIELDS } from './rule-fields.ts';
import type { FileSummary, MailEvent } from './types.ts';
import type { PackSink } from './detections/pack-sink.ts';

const NEEDLE = asciiBytes(SELECTED_OPERATION);
const findNeedle = byteSearch(NEEDLE);

// A MailItemsAccessed record the rule reads names Graph's AppId (whose one letter may be either case) or
// starts its ClientInfoString with the EWS prefix; exports never escape these bytes. JSON records reach the
// reader whole (balanced, or a {...} line), so reads by Outlook, OWA or REST clients, most of a tenant's
// MailItemsAccessed, are counted undecoded (in JSON lines, by the splitter in WebAssembly).
export const API_NEEDLES = [
  { needle: asciiBytes(GRAPH_APP_ID), ignoreAsciiCase: true },
  { needle: asciiBytes(EWS_CLIENT.source.slice(1)), ignoreAsciiCase: false },
];
const apiSearches = API_NEEDLES.map(({ needle, ignoreAsciiCase }) => byteSearch(needle, { ignoreAsciiCase }));
const mayBeApiRead = (bytes: Uint8Array) => apiSearches.some((find) => find(bytes, 0) !== -1);

/**
 * Takes each event the rule reads. Answers true when it is counted, false when it is a duplicate of a
 * record already seen, REUSED_ID when it is counted though its Id was seen on a record of other content,
 * or a sentence when it could not be counted (each of the last two reported as a problem on its line).
 */
export type EventSink = (event: MailEvent, line: number) => boolean | string | typeof REUSED_ID;
export const REUSED_ID = { reusedId: true } as const;

// A Log Analytics row ([value, value, ...]) as the object its table's columns name.
function rowOfTable(columns: string[], values: unknown[]): Row {
  const row: Row = Object.create(null);
  for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i] ?? null;
  return row;
}

export interface ReaderContext {
  summary: FileSummary;
  /** Tells the splitter which records it may count instead of handing over (Splitter.skipUnless). */
  skipUnless(rule: SkipRule): void;
  onEvent: EventSink;
  decodeUtf8: (bytes: Uint8Array) => string;
  localOffsetMinutes?: number;
  /** The detection pack, when it runs: it sees every record decoded, and keeps decoded the records naming its operations. */
  pack?: PackSink;
  problem(line: number, message: string): void;
  skip(line: number, message: string): void;
  unsupported(message: string): void;
}

export interface RecordReader {
  json: RecordSink;
  csv(): RecordSink;
  /** What the records showed the file to be ('' until the first record, or a CSV header, says). */
  source(): string;
  /** Earliest and latest time of the events the rule read (Infinity, -Infinity when none). */
  range(): [number, number];
}

export function createRecordReader({
  summary,
  skipUnless,
  onEvent,
  decodeUtf8,
  localOffsetMinutes,
  pack,
  problem,
  skip,
  unsupported,
}: ReaderContext): RecordReader {
  const fields = summary.fields;
  let csvFormat: Format | null = null;
  let fallbackOffsetMinutes = 0;
  let first = Infinity;
  let last = -Infinity;
  let source = '';

  // Parsed row -> event. Returns false when the row is of no known audit shape, or of a table without
  // mailbox reads in a file that began with audit records (counted as records the rule does not read).
  function readRow(row: Row, line: number): boolean {
    const format = csvFormat ?? formatOfRow(row);
    if (!format) return false;
    if (!format.unwrap) {
      if (source) return false;
      unsupported(noMailReads(format, row));
      return true;
    }
    let unwrapped;
    try {
      unwrapped = format.unwrap(row);
    } catch (error) {
      skip(line, `unreadable record: ${(error as Error).message}`);
      return true;
    }
    if (!source) source = format.name;
    pack?.add(unwrapped.record, unwrapped.fallbackTime); // detection pack: every record read (parsed, or its byte row)
    const result = normalise(unwrapped, { fields, fallbackOffsetMinutes });
    summary.records++;
    if (!result) return true;
    if ('problem' in result) {
      summary.records--;
      skip(line, result.problem);
      return true;
    }
    const { event } = result;
    summary.selected++;
    if (event.time < first) first = event.time;
    if (event.time > last) last = event.time;
    const verdict = onEvent(event, line);
    if (verdict === false) summary.duplicates++;
    else if (verdict === REUSED_ID) {
      summary.reusedIds++;
      problem(line, reusedIdMessage(event.id));
    } else if (typeof verdict === 'string') problem(line, verdict);
    if (summary.tenants.length < MAX_TENANTS_LISTED && !summary.tenants.includes(event.tenant)) summary.tenants.push(event.tenant);
    return true;
  }

  // What the JSON splitter may count unread: once the first record has shown what the file is, records
  // without the needle; once every field the rule needs has been seen (so no record can be left unjudged for
  // want of one), also those naming no API route.
  let jsonSkips: 'none' | 'needle' | 'api' = 'none';
  function widenJsonSkips() {
    const now = !source ? 'none' : fields.carried === ALL_FIELDS ? 'api' : 'needle';
    if (now === jsonSkips) return;
    jsonSkips = now;
    // With the pack, the splitter hands every record over and the bytes are judged here (packWants),
    // against the pack's operations as well.
    if (pack) return;
    skipUnless(now === 'api' ? { needle: NEEDLE, alsoOneOf: API_NEEDLES } : { needle: NEEDLE });
  }

  const packWants = (bytes: Uint8Array) => !!pack && pack.wants(bytes); // detection pack: its operations' bytes
  let tableColumns: string[] | null = null; // a Log Analytics table's column names, for its row arrays
  const json: RecordSink = {
    record(bytes, line) {
      if (summary.unsupported) return;
      const ruleSkips = source && (findNeedle(bytes, 0) === -1 || (jsonSkips === 'api' && !mayBeApiRead(bytes)));
      const packWanted = !!source && packWants(bytes);
      if (ruleSkips && !packWanted) {
        summary.records++;
        return;
      }
      // Past the first record, the fields are read on the bytes where WebAssembly walks them (record-fields.ts:
      // the same answers, or null to parse the record as before): the rule's, and those of the pack's
      // analytics that select any MailItemsAccessed record. A record naming another of the pack's operations
      // is parsed whole, for the fields its analytics read.
      const fields = source && !packWanted ? readRecordFields(bytes, decodeUtf8) : null;
      if (fields) {
        if (!readRow(fields, line)) summary.records++;
        return;
      }
      let row: unknown;
      try {
        row = JSON.parse(decodeUtf8(bytes));
      } catch (error) {
        skip(line, `not valid JSON: ${(error as Error).message}`);
        return;
      }
      if (Array.isArray(row) && tableColumns) row = rowOfTable(tableColumns, row);
      if (!row || typeof row !== 'object' || Array.isArray(row) || !readRow(row as Row, line)) {
        if (!source) {
          const keys = row && typeof row === 'object' ? Object.keys(row).slice(0, 8).join(', ') : typeof row;
          unsupported(`JSON, but not audit records: the first record (line ${line}) has ${keys || 'no keys'}.`);
        } else summary.records++;
      }
      widenJsonSkips();
    },
    columns(bytes, line) {
      try {
        const columns: unknown = JSON.parse(decodeUtf8(bytes));
        if (!Array.isArray(columns)) throw new Error('not an array');
        tableColumns = columns.map((c) => (c && typeof c === 'object' ? String((c as Row).name ?? (c as Row).ColumnName ?? '') : String(c)));
      } catch (error) {
        tableColumns = null;
        skip(line, `the table's column list cannot be read (${(error as Error).message}): its rows are not read`);
      }
    },
    broken: skip,
  };

  function csvSink(): RecordSink {
    let columns: string[] | null = null;
    let delimiter = ',';
    return {
      record(bytes, line) {
        if (summary.unsupported) return;
        if (!columns) {
          const text = decodeUtf8(bytes);
          if (line === 1 && text.startsWith('#TYPE')) return; // PowerShell Export-Csv without -NoTypeInformation
          const header = describeCsvHeader(text);
          if ('unsupported' in header) return unsupported(header.unsupported);
          ({ columns, delimiter } = header);
          if (header.timeZone === 'local') {
            if (localOffsetMinutes === undefined) return unsupported(localTimeMessage(header.timeColumn));
            fallbackOffsetMinutes = localOffsetMinutes;
          } else fallbackOffsetMinutes = header.timeZone ?? 0;
          csvFormat = header.format;
          source = header.layout;
          if (!pack) skipUnless({ needle: NEEDLE }); // past the header, rows without the needle are only counted
          return;
        }
        // Unlike a JSON record, a row's AuditData may be cut short inside balanced quotes; a MailItemsAccessed
        // row is therefore always parsed, so a damaged one is reported rather than counted unread.
        if (findNeedle(bytes, 0) === -1 && !packWants(bytes)) {
          summary.records++;
          return;
        }
        const fields = splitCsvRow(decodeUtf8(bytes), delimiter);
        if (fields.length !== columns.length) {
          return skip(line, `row has ${fields.length} fields where the header has ${columns.length}`);
        }
        const row: Row = Object.create(null);
        for (let i = 0; i < columns.length; i++) row[columns[i]] = fields[i];
        if (!readRow(row, line)) summary.records++;
      },
      broken: skip,
    };
  }

  return { json, csv: csvSink, source: () => source, range: () => [first, last] };
}
