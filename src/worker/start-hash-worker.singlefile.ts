// The single-file build's SHA-256 worker: a classic script inlined in the analyzer worker, which starts it
// from a blob URL (see start-analyzer-worker.singlefile.ts).

import HashWorker from './hash.worker.ts?worker&inline';

export const startHashWorker = (): Worker => new HashWorker({ name: 'sha256' });
