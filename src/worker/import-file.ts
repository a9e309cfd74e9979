// One file into the workspace: the read loop the core asks its caller to own. Each chunk is hashed, pushed
// into the core, and the new events it yields are stored in batches, awaited before the next read so memory
// stays flat however large the file is. Duplicates are decided against every event already stored.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createFileAnalyzer } from '../core/analyzer.ts';
import type { MailEvent, Problem } from '../core/types.ts';
import { describeStorageError } from '../storage/quota.ts';
import { eventKey, eventKeys, putImport, storeBatch, type ImportRecord } from '../storage/workspace-db.ts';
import type { ImportOutcome, ImportProgress } from './api.ts';
import { createThrottle, rateOf } from './progress-meter.ts';
import { createLineCounter, readFailure } from './read-failure.ts';

export const BATCH_EVENTS = 2000;
const PROGRESS_INTERVAL_MS = 150;

export async function importFile(file: File, importId: string, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome> {
  const seen = new Set(await eventKeys());
  let pending: [string, MailEvent][] = [];
  const analyzer = createFileAnalyzer(file.name, (event) => {
    const key = eventKey(event);
    if (seen.has(key)) return false;
    seen.add(key);
    pending.push([key, event]);
    return true;
  });
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

  let storeFailure: string | null = null;
  const flush = async () => {
    record.summary = analyzer.snapshot();
    try {
      await storeBatch({ ...record, stored: record.stored + pending.length }, pending);
    } catch (error) {
      storeFailure = describeStorageError(error, record.stored);
      return;
    }
    record.stored += pending.length;
    pending = [];
  };
  const started = performance.now();
  const due = createThrottle(PROGRESS_INTERVAL_MS);
  const report = (force: boolean) => {
    if (!due(force)) return;
    const s = analyzer.snapshot();
    const rate = rateOf(s.bytes, file.size, performance.now() - started);
    onProgress({ importId, bytesDone: s.bytes, bytesTotal: file.size, format: s.format, records: s.records, selected: s.selected, ...rate });
  };

  const hash = sha256.create();
  const lines = createLineCounter();
  let readProblem: Problem | null = null;
  try {
    const reader = file.stream().getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      hash.update(next.value);
      lines.add(next.value);
      analyzer.write(next.value);
      if (pending.length >= BATCH_EVENTS) await flush();
      if (storeFailure) return finish('incomplete');
      report(false);
    }
  } catch (error) {
    readProblem = readFailure(error, analyzer.snapshot().bytes, lines.line);
    return finish('incomplete', `Line ${readProblem.line}: ${readProblem.message}.`);
  }
  analyzer.end();
  report(true);
  record.sha256 = bytesToHex(hash.digest());
  return finish('complete');

  async function finish(status: ImportOutcome['status'], error?: string): Promise<ImportOutcome> {
    if (!storeFailure) await flush();
    if (storeFailure) {
      status = 'incomplete';
      error = storeFailure;
    }
    const summary = readProblem ? { ...record.summary, problems: [...record.summary.problems, readProblem] } : record.summary;
    const done: ImportRecord = { ...record, summary, status, note: error ?? '', finishedAt: new Date().toISOString() };
    await putImport(done).catch(() => {}); // with a full disk even this may fail; the record then stays 'running' until the next start-up marks it
    return { importId, status, summary: done.summary, sha256: done.sha256, stored: done.stored, ...(error ? { error } : {}) };
  }
}
