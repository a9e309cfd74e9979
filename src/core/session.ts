// Several files as one body of evidence: the one place that turns files into events, decides which are
// repeats (seen-records.ts) and hands the new ones on. Every host composes the core through it and passes
// only what differs: where the records seen before come from (the app: its stored keys; the command line:
// none) and where new events go (the app: its store; the command line: the detector).

import { createFileAnalyzer, REUSED_ID, type AnalyzerOptions, type EventSink, type FileAnalyzer } from './analyzer.ts';
import { createDetector, limitMessage } from './rule.ts';
import { SeenRecords } from './seen-records.ts';
import type { Alert, FileSummary, MailEvent, RuleParams } from './types.ts';

export interface SessionOptions {
  /** Records seen before this session; each new one is added to it. */
  seen?: SeenRecords;
  /** Takes each new event and the line its record starts on; false when it could not be taken (the detector is at its size limit). */
  deliver: (event: MailEvent, line: number) => boolean;
  /** For every file: how its records are decoded (see utf8.ts). */
  analyzer?: AnalyzerOptions;
}

export interface Session {
  file(name: string): FileAnalyzer;
  /** What file() hands its analyzers, for a reader that starts analyzers of its own on pieces of a file. */
  readonly analyzerOptions: AnalyzerOptions;
  /**
   * What file() hands its analyzer, for a reader that analyses one file in pieces (worker threads) and
   * counts the events in file order on one thread. One per file: it reports the size limit once.
   */
  sink(): EventSink;
}

export function createSession({ seen = new SeenRecords(), deliver, analyzer }: SessionOptions): Session {
  const sink = (): EventSink => {
    let limitReported = false;
    return (event, line) => {
      const verdict = seen.check(event);
      if (verdict === 'duplicate') return false;
      if (!deliver(event, line) && !limitReported) {
        limitReported = true;
        return limitMessage();
      }
      return verdict === 'reused-id' ? REUSED_ID : true;
    };
  };
  return { file: (name) => createFileAnalyzer(name, sink(), analyzer), sink, analyzerOptions: analyzer ?? {} };
}

/** The command line's composition: new events straight into the rule's detector. */
export function createDetectingSession(params: RuleParams, analyzer?: AnalyzerOptions): Session & { alerts(): Alert[] } {
  const detector = createDetector(params);
  const session = createSession({ deliver: (event) => detector.add(event), analyzer });
  return { ...session, alerts: () => detector.alerts() };
}

/** Convenience for whole inputs already in memory (tests, the demo): each file as a list of chunks. */
export function analyzeChunks(
  files: { name: string; chunks: Uint8Array[] }[],
  params: RuleParams,
  analyzer?: AnalyzerOptions,
): { alerts: Alert[]; files: FileSummary[] } {
  const session = createDetectingSession(params, analyzer);
  const summaries = files.map(({ name, chunks }) => {
    const analyzer = session.file(name);
    for (const chunk of chunks) analyzer.write(chunk);
    return analyzer.end();
  });
  return { alerts: session.alerts(), files: summaries };
}
