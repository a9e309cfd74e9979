// Where the analyzer worker comes from. The served build starts a module worker from its own chunk (the
// service worker precaches it). The single-file build swaps this module for start-analyzer-worker.singlefile.ts
// (src/cli/single-file-plugins.ts): a page opened from disk cannot load a chunk beside it. Each worker has its
// own start module because a worker bundle that named the other worker would name itself through it, which
// Vite refuses (circular worker imports).

export const startAnalyzerWorker = (): Worker => new Worker(new URL('./analyzer.worker.ts', import.meta.url), { type: 'module', name: 'analyzer' });
