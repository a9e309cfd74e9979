// The fields the rule needs to judge a MailItemsAccessed record, and what a file that never carries one
// of them cannot show. A CSV projected without its AppId column, say, has MailItemsAccessed records the
// rule can neither select nor rule out: they are counted apart ("could not be judged") and the file says
// why, so that "0 alerts" only ever means the rule looked and nothing crossed the threshold.
//
// "Never carries" is decided over the file's MailItemsAccessed records: a field carried by some record and
// absent from another is the analytic's own case (AppId=* does not match), not a gap in the export.

export const FIELD = { workload: 1, appId: 2, clientAppId: 4, clientInfoString: 8, mailbox: 16 } as const;
export const ALL_FIELDS = 31;

const DESCRIBED: [number, string, string][] = [
  [FIELD.workload, 'Workload (or OfficeWorkload)', 'Exchange reads cannot be told from other workloads'],
  [FIELD.appId, 'AppId', 'Graph reads cannot be recognised'],
  [FIELD.clientAppId, 'ClientAppId', 'the application that read cannot be named'],
  [FIELD.clientInfoString, 'ClientInfoString', 'EWS reads cannot be recognised'],
  [FIELD.mailbox, 'MailboxOwnerUPN, MailboxGuid or UserId', 'the mailboxes read cannot be told apart'],
];

/** What one file's MailItemsAccessed records showed of the rule's fields; sums over ranges of a file. */
export interface FieldPresence {
  /** Whether any MailItemsAccessed record was seen. */
  mailReads: boolean;
  /** The FIELD bits carried by at least one of them. */
  carried: number;
  /** [bits absent, records]: records left unjudged by absent fields, by which were absent. */
  unjudged: [number, number][];
  /** Records the rule selected that carry no mailbox field. */
  mailboxless: number;
}

export const noFields = (): FieldPresence => ({ mailReads: false, carried: 0, unjudged: [], mailboxless: 0 });

export function addUnjudged(presence: FieldPresence, absent: number, records = 1): void {
  const entry = presence.unjudged.find(([bits]) => bits === absent);
  if (entry) entry[1] += records;
  else presence.unjudged.push([absent, records]);
}

export function mergeFields(parts: FieldPresence[]): FieldPresence {
  const merged = noFields();
  for (const part of parts) {
    merged.mailReads ||= part.mailReads;
    merged.carried |= part.carried;
    merged.mailboxless += part.mailboxless;
    for (const [bits, records] of part.unjudged) addUnjudged(merged, bits, records);
  }
  return merged;
}

/**
 * The tally as it matters: once every field was carried somewhere, no record was left unjudged, and what
 * was tallied before (which depends on where a reader started, see analyzer.ts) is dropped.
 */
export const settledFields = (presence: FieldPresence): FieldPresence =>
  presence.carried === ALL_FIELDS ? { ...presence, unjudged: [] } : { ...presence, unjudged: presence.unjudged.map(([bits, n]) => [bits, n]) };

/** Records that could not be judged, and a sentence for each field the file never carries. */
export function judgeFields(presence: FieldPresence, kind: 'column' | 'field'): { unjudged: number; warnings: string[] } {
  if (!presence.mailReads) return { unjudged: 0, warnings: [] };
  const never = ALL_FIELDS & ~presence.carried;
  let unjudged = 0;
  for (const [bits, records] of presence.unjudged) if (bits & never) unjudged += records;
  const warnings: string[] = [];
  for (const [bit, name, consequence] of DESCRIBED) {
    if (!(never & bit)) continue;
    const records = bit === FIELD.mailbox ? presence.mailboxless : presence.unjudged.reduce((sum, [bits, n]) => sum + (bits & bit ? n : 0), 0);
    if (records === 0) continue;
    const what =
      bit === FIELD.mailbox
        ? `${records.toLocaleString('en-US')} selected records were counted as one unnamed mailbox`
        : `${records.toLocaleString('en-US')} MailItemsAccessed records could not be judged`;
    warnings.push(`This export has no ${name} ${kind}: ${consequence}; ${what}.`);
  }
  return { unjudged, warnings };
}

export const NO_MAIL_READS =
  'This export holds no MailItemsAccessed records, so it cannot show mailbox reads: the search may have been filtered to other activities, or mailbox auditing may not record MailItemsAccessed for these mailboxes.';
