// Where the SHA-256 worker comes from: as start-analyzer-worker.ts, a module worker from its own chunk in the
// served build, swapped for start-hash-worker.singlefile.ts in the single-file build.

export const startHashWorker = (): Worker => new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'sha256' });
