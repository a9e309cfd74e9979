// The one interface across the worker boundary. Only plain data crosses it: a File in, a progress callback
// (a Comlink proxy) and an outcome out. Problems a responder must see are data in the outcome, never thrown.

import type { FileSummary } from '../core/types.ts';
import type { ImportStatus } from '../storage/workspace-db.ts';

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

export interface AnalyzerApi {
  importFile(file: File, importId: string, onProgress: (progress: ImportProgress) => void, options?: ImportOptions): Promise<ImportOutcome>;
}
