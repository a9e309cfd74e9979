// What the analyzer worker exposes, composed once for the worker entry and for tests that run it in process.
// An import runs holding its lock, so other tabs see it running until this worker finishes it or ends, and
// then the workspace's write lock, so it runs after any import another tab is running (storage/import-lock.ts).

import { withImportLock, withWritesLock } from '../storage/import-lock.ts';
import { createAnalysis } from './analysis.ts';
import type { AnalyzerApi } from './api.ts';
import { importFile } from './import-file.ts';

export function createAnalyzerApi(): AnalyzerApi {
  const analysis = createAnalysis();
  return {
    importFile: (file, importId, onProgress, options) =>
      withImportLock(importId, () =>
        withWritesLock(async () => {
          await analysis.importing();
          return importFile(file, importId, onProgress, options, analysis.stored);
        }),
      ),
    alerts: (params, onProgress) => analysis.alerts(params, onProgress),
    cancelCount: () => analysis.cancelCount(),
    alertDetail: (alert, params) => analysis.alertDetail(alert, params),
    reportCsv: (params) => analysis.reportCsv(params),
    story: (question, params) => analysis.story(question, params),
  };
}
