// Several files analysed as one body of evidence: a record seen in two overlapping exports counts once.
// This is what the command line and the tests run; the app keeps the same events in IndexedDB instead.

import { createFileAnalyzer, type EventSink, type FileAnalyzer } from './analyzer.ts';
import { IdSet } from './id-set.ts';
import { createDetector, limitMessage } from './rule.ts';
import type { Alert, FileSummary, MailEvent, RuleParams } from './types.ts';

export interface Session {
  file(name: string): FileAnalyzer;
  /**
   * What file() hands its analyzer, for a reader that analyses one file in pieces (worker threads) and
   * counts the events in file order on one thread. One per file: it reports the size limit once.
   */
  sink(): EventSink;
  alerts(): Alert[];
}

/** Answers whether an event is new; records without an Id cannot be matched and always count. */
export function createDeduper(): (event: MailEvent) => boolean {
  const seen = new IdSet();
  return (event) => !event.id || seen.add(event.id);
}

export function createSession(params: RuleParams): Session {
  const isNew = createDeduper();
  const detector = createDetector(params);
  const sink = (): EventSink => {
    let limitReported = false;
    return (event) => {
      if (!isNew(event)) return false;
      if (detector.add(event) || limitReported) return true;
      limitReported = true;
      return limitMessage();
    };
  };
  return {
    file: (name) => createFileAnalyzer(name, sink()),
    sink,
    alerts: () => detector.alerts(),
  };
}

/** Convenience for whole inputs already in memory (tests, the demo): each file as a list of chunks. */
export function analyzeChunks(files: { name: string; chunks: Uint8Array[] }[], params: RuleParams): { alerts: Alert[]; files: FileSummary[] } {
  const session = createSession(params);
  const summaries = files.map(({ name, chunks }) => {
    const analyzer = session.file(name);
    for (const chunk of chunks) analyzer.write(chunk);
    return analyzer.end();
  });
  return { alerts: session.alerts(), files: summaries };
}
