// One file into the workspace: the read loop the core asks its caller to own. Each chunk (chunk-reader.ts) is
// pushed into the core and then hashed (sha256.ts, on a thread of its own), and the new events the core
// yields are stored in batches, awaited before the next read so memory stays flat however large the file
// is. The core's session decides duplicates, against every event stored before the import started (their
// keys loaded once; no other import writes meanwhile, see import-lock.ts) and the events it stored itself.
// Each committed batch is handed to `onStored` with its key, so the worker's tallies count it without reading
// it back (analysis.ts). The detection pack reads the same records (the command line's composition); its
// answer, few alerts and context rows, is stored with the import when it ends, complete or not.

import { createPackSink } from '../core/detections/pack-sink.ts';
import { SeenRecords } from '../core/seen-records.ts';
import { createSession } from '../core/session.ts';
import { decodeUtf8Js } from '../core/utf8.ts';
import type { MailEvent, Problem } from '../core/types.ts';
import { describeStorageError } from '../storage/quota.ts';
import { knownKeys, putImport, putPackRecord, storeBatch, type ImportRecord } from '../storage/workspace-db.ts';
import type { ImportOptions, ImportOutcome, ImportProgress } from './api.ts';
import { readChunks, type ChunkReader } from './chunk-reader.ts';
import { createHasher } from './sha256.ts';
import { createThrottle, rateOf } from './progress-meter.ts';
import { readFailure } from './read-failure.ts';

export const BATCH_EVENTS = 2000;
const PROGRESS_INTERVAL_MS = 150;

export async function importFile(
  file: File,
  importId: string,
  onProgress: (p: ImportProgress) => void,
  options: ImportOptions = {},
  onStored: (key: number, events: MailEvent[]) => void = () => {},
): Promise<ImportOutcome> {
  const seen = new SeenRecords();
  for (const key of await knownKeys()) seen.addKey(key);
  let reader: ChunkReader | null = null;
  const hash = await createHasher((buffer) => reader?.release(buffer));
  let pending: MailEvent[] = [];
  let pendingLines: number[] = [];
  let pendingKeys: string[] = [];
  let batches = 0;
  const pack = createPackSink();
  // Records are decoded in JavaScript: Chromium's TextDecoder took twice as long to decode and parse them.
  const session = createSession({
    seen,
    deliver: (event, line) => {
      pending.push(event);
      pendingLines.push(line);
      pendingKeys.push(seen.lastKey()); // the session checked this event just before handing it on
      return true;
    },
    analyzer: { decodeUtf8: decodeUtf8Js, localOffsetMinutes: options.localOffsetMinutes, countLines: true, pack },
  });
  const analyzer = session.file(file.name);
  const record: ImportRecord = {
    id: importId,
    name: file.name,
    size: file.size,
    lastModified: file.lastModified,
    sha256: null,
    status: 'running',
    note: '',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    summary: analyzer.snapshot(),
    stored: 0,
  };
  await putImport(record);

  // One batch commits while the next is read: a commit mostly waits on the browser's storage thread, so
  // the worker goes on parsing meanwhile. The next batch starts only once the previous one has committed,
  // so `record.stored` counts committed events and at most two batches are held.
  let storeFailure: string | null = null;
  let committing: Promise<void> = Promise.resolve();
  const flush = async () => {
    record.summary = analyzer.snapshot();
    await committing;
    if (storeFailure || !pending.length) return; // finish() writes the record
    const progress = { ...record, stored: record.stored + pending.length };
    const events = pending;
    committing = storeBatch(progress, batches++, pendingKeys, events, pendingLines).then(
      (key) => {
        record.stored = progress.stored;
        onStored(key, events);
      },
      (error) => void (storeFailure = describeStorageError(error, record.stored)),
    );
    pending = [];
    pendingLines = [];
    pendingKeys = [];
  };
  const started = performance.now();
  const due = createThrottle(PROGRESS_INTERVAL_MS);
  const report = (force: boolean) => {
    if (!due(force)) return;
    const s = analyzer.snapshot();
    const rate = rateOf(s.bytes, file.size, performance.now() - started);
    onProgress({ importId, bytesDone: s.bytes, bytesTotal: file.size, format: s.format, records: s.records, selected: s.selected, ...rate });
  };

  let readProblem: Problem | null = null;
  try {
    reader = readChunks(file);
    for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
      analyzer.write(chunk); // copied into the core's search memory there, then parsed
      await hash.update(chunk); // after: the hasher takes the chunk (to its own thread) and gives its buffer back
      if (pending.length >= BATCH_EVENTS) await flush();
      if (storeFailure) return finish('incomplete');
      report(false);
    }
  } catch (error) {
    readProblem = readFailure(error, analyzer.snapshot().bytes, analyzer.lineReached());
    return finish('incomplete', `Line ${readProblem.line}: ${readProblem.message}.`);
  }
  analyzer.end();
  report(true);
  record.sha256 = await hash.digest();
  return finish('complete');

  async function finish(status: ImportOutcome['status'], error?: string): Promise<ImportOutcome> {
    reader?.cancel();
    hash.close();
    await flush();
    await committing;
    if (storeFailure) {
      status = 'incomplete';
      error = storeFailure;
    }
    if (!storeFailure) await putPackRecord({ importId, ...pack.results() }).catch(() => {}); // a full disk: the import says so already
    const summary = readProblem ? { ...record.summary, problems: [...record.summary.problems, readProblem] } : record.summary;
    const done: ImportRecord = { ...record, summary, status, note: error ?? '', finishedAt: new Date().toISOString() };
    await putImport(done).catch(() => {}); // with a full disk even this may fail; the record then stays 'running' until the next start-up marks it
    return { importId, status, summary: done.summary, sha256: done.sha256, stored: done.stored, ...(error ? { error } : {}) };
  }
}
