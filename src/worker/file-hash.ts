// The file's SHA-256 for provenance, beside the import instead of in its read loop. The import worker
// starts a second worker that reads the same File and hashes it while the import parses, so where a core
// is free the hash costs the import no time; the import waits for it only at the end. Terminating the
// import worker (a cancel) ends this one too. Without Worker (Node tests) the file is hashed in this thread.

import { wrap } from 'comlink';
import type { HashApi } from './api.ts';
import { sha256OfFile } from './sha256-file.ts';

export interface FileHash {
  /** Hex SHA-256 of the whole file; null when the file could not be read to its end. */
  result: Promise<string | null>;
  stop(): void;
}

export function startFileHash(file: File): FileHash {
  if (typeof Worker === 'undefined') return { result: sha256OfFile(file).catch(() => null), stop() {} };
  const worker = new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'hash' });
  const result = wrap<HashApi>(worker)
    .sha256(file)
    .catch(() => null)
    .finally(() => worker.terminate());
  return { result, stop: () => worker.terminate() };
}
