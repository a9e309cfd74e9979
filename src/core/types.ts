// Plain data that crosses every boundary: worker <-> UI, core <-> CLI, store <-> rule.
// Nothing here holds a function or a class instance, so it survives structured clone and JSON.

import type { FieldPresence } from './rule-fields.ts';

/** One MailItemsAccessed record that passed the analytic's fixed selection, normalised. */
export interface MailEvent {
  /** The audit record's Id (Id / Identity / RecordId / OfficeId / id); '' when the record has none. */
  id: string;
  /** CreationTime as epoch milliseconds, UTC. */
  time: number;
  tenant: string;
  appId: string;
  clientAppId: string;
  clientInfoString: string;
  userId: string;
  /** MailboxOwnerUPN, else MailboxGuid, else UserId, as written in the record. */
  mailbox: string;
  /** Normalised client IP ('' when the record carries none). */
  clientIp: string;
  operationCount: number;
  accessType: 'Bind' | 'Sync' | '';
  throttled: boolean;
  folders: number;
  messageIds: number;
}

export type WindowMode = 'tumbling' | 'sliding';
export type IdentityProfile = 'mailbox' | 'splunk';

/** Everything a responder can tune; the rest of the analytic is fixed. */
export interface RuleParams {
  threshold: number;
  spanMs: number;
  window: WindowMode;
  profile: IdentityProfile;
  allowApps: string[];
  allowIps: string[];
}

export interface Alert {
  /** Window start (tumbling) or earliest event (sliding), ISO 8601 UTC. */
  time: string;
  /** Window end (tumbling) or latest event (sliding), ISO 8601 UTC. */
  end: string;
  tenant: string;
  clientAppId: string;
  clientInfoString: string;
  /** Distinct mailboxes in the window (sliding: the peak inside one span). */
  uniqueMailboxes: number;
  mailboxes: string[];
  users: string[];
  srcIps: string[];
  appIds: string[];
  events: number;
  operationCount: number;
  bind: number;
  sync: number;
  /** Mailboxes with an IsThrottled=True record: logging stops after throttling, so counts are lower bounds. */
  throttledMailboxes: number;
  firstEvent: string;
  lastEvent: string;
  riskScore: number;
  mitre: string;
  message: string;
}

export interface Problem {
  line: number;
  message: string;
}

export interface FileSummary {
  name: string;
  /** What the bytes were detected as, in words a responder recognises. */
  format: string;
  encoding: string;
  bytes: number;
  /** Records read whole (selected or not). */
  records: number;
  /** Malformed records skipped; each has a problem with its line (up to the cap). */
  skipped: number;
  /** Records the rule reads (MailItemsAccessed via Graph or EWS). */
  selected: number;
  /** Selected records already seen, in this file or an earlier one. */
  duplicates: number;
  firstTime: string | null;
  lastTime: string | null;
  problems: Problem[];
  /** Problems beyond the ones listed (the list is capped to keep memory flat). */
  moreProblems: number;
  /** Set when nothing in the file could be analysed: says what the file looks like instead. */
  unsupported?: string;
  /** MailItemsAccessed records the rule could neither select nor rule out: the export lacks a field it needs. */
  unjudged: number;
  /** What this file cannot show, in sentences (a field it never carries, no MailItemsAccessed at all). */
  warnings: string[];
  /** Tenants (OrganizationId) of the reads it counted, at most MAX_TENANTS_LISTED. */
  tenants: string[];
  /** Whether its last record was cut off: the file ends inside it. */
  cutShort: boolean;
  /** Records counted although their Id was seen before on a record of other content. */
  reusedIds: number;
  /** What its MailItemsAccessed records showed of the rule's fields: the tally `unjudged` and `warnings` come from. */
  fields: FieldPresence;
}
