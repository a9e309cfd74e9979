// The bundled command line's entry (build-cli.mjs): the main thread runs the command; a worker thread, which
// read-parallel.ts starts from this same file (start-range-worker.ts), reads ranges of a large file.

import { isMainThread } from 'node:worker_threads';

if (isMainThread) await import('./detect.ts');
else await import('./range.worker.ts');
