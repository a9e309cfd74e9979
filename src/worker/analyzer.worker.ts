// The worker entry: expose the import verb, nothing else. The import runs holding its lock, so other tabs
// see it running until this worker finishes it or ends, and then the workspace's write lock, so it runs
// after any import another tab is running (storage/import-lock.ts).

import { expose } from 'comlink';
import { withImportLock, withWritesLock } from '../storage/import-lock.ts';
import type { AnalyzerApi } from './api.ts';
import { importFile } from './import-file.ts';

expose({
  importFile: (file, importId, onProgress, options) => withImportLock(importId, () => withWritesLock(() => importFile(file, importId, onProgress, options))),
} satisfies AnalyzerApi);
