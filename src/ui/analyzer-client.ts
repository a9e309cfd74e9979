// The main side of the worker. Lifecycle: the worker starts on the first import and stays for the next ones;
// cancel() terminates it mid-file (a worker busy in a read loop cannot be interrupted any other way), the
// pending import rejects with CancelledError, and the next import starts a fresh worker.

import { proxy, wrap, type Remote } from 'comlink';
import type { AnalyzerApi, ImportOptions, ImportOutcome, ImportProgress } from '../worker/api.ts';
import { startAnalyzerWorker } from '../worker/start-analyzer-worker.ts';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface AnalyzerClient {
  importFile(file: File, importId: string, onProgress: (p: ImportProgress) => void, options?: ImportOptions): Promise<ImportOutcome>;
  cancel(): void;
}

export function createAnalyzerClient(): AnalyzerClient {
  let worker: Worker | null = null;
  let api: Remote<AnalyzerApi> | null = null;
  const cancels = new Set<() => void>();
  return {
    importFile(file, importId, onProgress, options) {
      if (!worker) {
        worker = startAnalyzerWorker();
        api = wrap<AnalyzerApi>(worker);
      }
      return new Promise<ImportOutcome>((resolve, reject) => {
        const cancel = () => reject(new CancelledError());
        cancels.add(cancel);
        api!
          .importFile(file, importId, proxy(onProgress), options)
          .then(resolve, reject)
          .finally(() => cancels.delete(cancel));
      });
    },
    cancel() {
      worker?.terminate();
      worker = null;
      api = null;
      for (const cancel of cancels) cancel();
      cancels.clear();
    },
  };
}
