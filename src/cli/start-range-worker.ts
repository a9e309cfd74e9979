// Where a range worker thread (range.worker.ts) comes from. The command line as shipped is one bundled file
// (build-cli.mjs), and a worker thread runs that same file: its entry (cli.entry.ts) sends a thread that is
// not the main one to range.worker.ts. Nothing is bundled or compiled at run time. From source (the tests,
// tsx) the thread runs range.worker.ts through tsx's loader (range.worker.from-source.mjs).

import { Worker, type WorkerOptions } from 'node:worker_threads';

const bundled = !import.meta.url.endsWith('.ts');

// A worker keeps little alive (its analyzer and one batch of events), so a smaller young generation costs no
// time and keeps its memory flat.
const options: WorkerOptions = { resourceLimits: { maxYoungGenerationSizeMb: 16 } };

export function startRangeWorker(): Worker {
  if (bundled) return new Worker(new URL(import.meta.url), options);
  return new Worker(new URL('./range.worker.from-source.mjs', import.meta.url), options);
}
