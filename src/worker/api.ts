// The one interface across the worker boundary. Only plain data crosses it: a File in, a progress callback
// (a Comlink proxy) and an outcome out; rule params in, alerts, one alert's events and a report out. The
// events stay in the worker and in IndexedDB: the page asks for what it draws. Problems a responder must
// see are data in the outcome, never thrown.

import type { PackAlert } from '../core/detections/model.ts';
import type { ApplicationReads, Story } from '../core/detections/story.ts';
import type { Alert, FileSummary, RuleParams } from '../core/types.ts';
import type { ImportStatus, StoredEvent } from '../storage/workspace-db.ts';

export interface ImportProgress {
  importId: string;
  bytesDone: number;
  bytesTotal: number;
  /** Detected format so far ('not yet known' before the first records). */
  format: string;
  records: number;
  selected: number;
  /** Throughput since the start, in MB (10^6 bytes) per second. */
  mbPerSecond: number;
  /** Seconds left at the current rate; null until the rate is known. */
  etaSeconds: number | null;
}

export interface ImportOutcome {
  importId: string;
  status: ImportStatus;
  summary: FileSummary;
  sha256: string | null;
  /** Events this file added to the workspace. */
  stored: number;
  /** Why the import is incomplete (full storage, unreadable file), in words. */
  error?: string;
}

/** What the responder says about a file that the file does not say itself. */
export interface ImportOptions {
  /** Minutes east of UTC of the machine that exported times in its local time ("TimeGenerated [Local Time]"). */
  localOffsetMinutes?: number;
}

/** How far a re-count of the stored events has got, in stored batches. */
export interface CountProgress {
  batchesDone: number;
  batchesTotal: number;
}

/** An alert as the table and the evidence panel read it: without its lists of mailboxes, users and AppIds. */
export type AlertRow = Omit<Alert, 'mailboxes' | 'users' | 'appIds' | 'message'>;

export const toRow = ({ mailboxes, users, appIds, message, ...row }: Alert): AlertRow => row;

export interface AlertsAnswer {
  /** The rule the alerts are for: the one asked for, or after a cancelled re-count the one counted before (null: none yet). */
  params: RuleParams | null;
  alerts: AlertRow[];
  /** Stored events the rule's size limits kept out of the count. */
  uncounted: number;
  /** Stored events counted. */
  events: number;
  /** The re-count was cancelled or overtaken by a newer question: `alerts` are those of `params`. */
  cancelled: boolean;
  /** The detection pack's alerts over every import, oldest first (they do not depend on the rule). */
  pack: PackAlert[];
}

export interface AlertDetailAnswer {
  alert: Alert;
  /** The events behind the alert, in time order, with the import and line each came from. */
  events: StoredEvent[];
  timeline: { start: number; mailboxes: number }[];
  /** What the Graph/EWS listings say of the alert's application (null: no listing names it). */
  reads: ApplicationReads | null;
}

/** Whose story: an application (its ClientAppId or AppId, lower-case) or a mailbox (its address, lower-case). */
export interface StoryQuestion {
  kind: Story['kind'];
  subject: string;
}

export interface AnalyzerApi {
  importFile(file: File, importId: string, onProgress: (progress: ImportProgress) => void, options?: ImportOptions): Promise<ImportOutcome>;
  /** The alerts of every stored event under `params`: from the tallies kept when only the threshold changed, else counted again. */
  alerts(params: RuleParams, onProgress: (progress: CountProgress) => void): Promise<AlertsAnswer>;
  /** Stops a running re-count; the question it answered gets a cancelled answer. */
  cancelCount(): void;
  /** The alert whole, its events and its timeline; null when `params` no longer give that alert. */
  alertDetail(alert: AlertRow, params: RuleParams): Promise<AlertDetailAnswer | null>;
  /** The CSV report of every alert under `params`, with each alert's record Ids: the command line's report, byte for byte. */
  reportCsv(params: RuleParams): Promise<Blob>;
  /** Every pack alert, API-read alert (under `params`) and Graph/EWS context touching one application or mailbox, oldest first; null when none does. */
  story(question: StoryQuestion, params: RuleParams): Promise<Story | null>;
}
