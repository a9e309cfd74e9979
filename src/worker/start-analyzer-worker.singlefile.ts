// The single-file build's analyzer worker (see start-analyzer-worker.ts): bundled into the page as a classic
// script (worker.format 'iife') and started from a blob URL, because Chromium starts no module worker from a
// blob URL on file://.

import AnalyzerWorker from './analyzer.worker.ts?worker&inline';

export const startAnalyzerWorker = (): Worker => new AnalyzerWorker({ name: 'analyzer' });
