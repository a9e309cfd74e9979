// The main side of the worker. Lifecycle: the worker starts on the first call (an import, or the page's
// first question about a workspace that holds imports) and stays: it holds the rule's tallies over the stored events, which the page never
// reads. cancel() terminates it mid-file (a worker busy in a read loop cannot be interrupted any other
// way): every pending call rejects with CancelledError, and the next call starts a fresh worker, which
// counts the stored events again. A re-count is stopped without ending the worker: cancelCount().

import { proxy, wrap, type Remote } from 'comlink';
import type { RuleParams } from '../core/types.ts';
import type { Story } from '../core/detections/story.ts';
import type {
  AlertDetailAnswer,
  AlertRow,
  AlertsAnswer,
  AnalyzerApi,
  CountProgress,
  ImportOptions,
  ImportOutcome,
  ImportProgress,
  StoryQuestion,
} from '../worker/api.ts';
import { startAnalyzerWorker } from '../worker/start-analyzer-worker.ts';

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface AnalyzerClient {
  importFile(file: File, importId: string, onProgress: (p: ImportProgress) => void, options?: ImportOptions): Promise<ImportOutcome>;
  alerts(params: RuleParams, onProgress: (p: CountProgress) => void): Promise<AlertsAnswer>;
  cancelCount(): void;
  alertDetail(alert: AlertRow, params: RuleParams): Promise<AlertDetailAnswer | null>;
  reportCsv(params: RuleParams): Promise<Blob>;
  story(question: StoryQuestion, params: RuleParams): Promise<Story | null>;
  /** Ends the worker, and with it a running import. */
  cancel(): void;
}

export function createAnalyzerClient(): AnalyzerClient {
  let worker: Worker | null = null;
  let api: Remote<AnalyzerApi> | null = null;
  const cancels = new Set<() => void>();
  const call = <T>(ask: (api: Remote<AnalyzerApi>) => Promise<T>) => {
    if (!worker) {
      worker = startAnalyzerWorker();
      api = wrap<AnalyzerApi>(worker);
    }
    return new Promise<T>((resolve, reject) => {
      const cancel = () => reject(new CancelledError());
      cancels.add(cancel);
      ask(api!)
        .then(resolve, reject)
        .finally(() => cancels.delete(cancel));
    });
  };
  return {
    importFile: (file, importId, onProgress, options) => call((api) => api.importFile(file, importId, proxy(onProgress), options)),
    alerts: (params, onProgress) => call((api) => api.alerts(params, proxy(onProgress))),
    cancelCount: () => void api?.cancelCount(),
    alertDetail: (alert, params) => call((api) => api.alertDetail(alert, params)),
    reportCsv: (params) => call((api) => api.reportCsv(params)),
    story: (question, params) => call((api) => api.story(question, params)),
    cancel() {
      worker?.terminate();
      worker = null;
      api = null;
      for (const cancel of cancels) cancel();
      cancels.clear();
    },
  };
}
