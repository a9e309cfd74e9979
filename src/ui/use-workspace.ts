// The analysis state machine, and the only caller of the worker client.
//
// Lifecycle: on mount, the imports and settings are read from IndexedDB, and each import found 'running' is
// marked incomplete as soon as its lock is free: at once when the worker that ran it is gone, after it
// finishes when another open tab is running it (import-lock.ts). Dropped files queue up; one file at a time
// goes to the worker, which holds the import's lock and stores events as it reads. Each job moves
// queued -> running -> gone; when it is gone the imports are read back. The page never holds the stored
// events: it asks the worker for the alerts of the current rule whenever the rule or the workspace changed
// (the worker answers a new threshold from its tallies and re-counts the stored batches for anything else,
// with progress and a cancel), for one alert's events when it is opened, for an application's or mailbox's story, and for the report. Every change
// is announced to the other tabs, which read the workspace back and ask again.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PackAlert } from '../core/detections/model.ts';
import type { Story } from '../core/detections/story.ts';
import { DEFAULT_PARAMS } from '../core/rule.ts';
import type { RuleParams } from '../core/types.ts';
import { withImportLock } from '../storage/import-lock.ts';
import { requestPersistence } from '../storage/quota.ts';
import { announceChange, onWorkspaceChange } from '../storage/workspace-channel.ts';
import { clearWorkspace, getSetting, listImports, markIncomplete, markInterrupted, setSetting, type ImportRecord } from '../storage/workspace-db.ts';
import type { AlertDetailAnswer, AlertRow, CountProgress, ImportOptions, ImportProgress, StoryQuestion } from '../worker/api.ts';
import { parseOffset } from '../core/csv-layout.ts';
import { CancelledError, createAnalyzerClient, type AnalyzerClient } from './analyzer-client.ts';
import type { Clock } from './format.ts';
import sampleExport from './sample/demo-export.json?raw';

export interface Job {
  id: string;
  file: File;
  /** The responder's offset for exports in local time, as it was when the file was dropped. */
  options: ImportOptions;
  state: 'queued' | 'running';
  progress: ImportProgress | null;
}

export interface Workspace {
  ready: boolean;
  busy: boolean;
  imports: ImportRecord[];
  jobs: Job[];
  /** Stored events the alerts were counted from. */
  stored: number;
  params: RuleParams;
  /** Every alert of the rule, as the table draws it (the whole alert is asked for when one is opened). */
  alerts: AlertRow[];
  /** The detection pack's alerts over every import, oldest first. */
  packAlerts: PackAlert[];
  /** Events the rule could not count: the workspace holds more applications or windows than it tracks. */
  uncounted: number;
  /** A re-count of the stored events under way (a new span, window mode, profile or allow-list). */
  counting: CountProgress | null;
  /** The alerts shown are not yet those of `params`: the worker has not answered. */
  asking: boolean;
  clock: Clock;
  /** The offset from UTC the responder gave for exports whose times are local ('' when none). */
  timeOffset: string;
  /** Something the responder must know that belongs to no single file (storage full, storage unavailable). */
  notice: string | null;
  addFiles(files: File[]): void;
  loadSample(): void;
  cancel(id: string): void;
  setParams(params: RuleParams): void;
  /** Stops the re-count: the rule goes back to the one last counted. */
  cancelCount(): void;
  alertDetail(alert: AlertRow): Promise<AlertDetailAnswer | null>;
  reportCsv(): Promise<Blob>;
  /** One application's or mailbox's story, from the worker. */
  story(question: StoryQuestion): Promise<Story | null>;
  setClock(clock: Clock): void;
  setTimeOffset(offset: string): void;
  clear(): Promise<void>;
}

export const SAMPLE_NAME = 'ual-triage-demo.json';
const freshParams = (): RuleParams => ({ ...DEFAULT_PARAMS, allowApps: [], allowIps: [] });

export function useWorkspace(createClient: () => AnalyzerClient = createAnalyzerClient): Workspace {
  const [ready, setReady] = useState(false);
  const [imports, setImports] = useState<ImportRecord[]>([]);
  const [detection, setDetection] = useState({ alerts: [] as AlertRow[], pack: [] as PackAlert[], uncounted: 0, stored: 0 });
  const [counting, setCounting] = useState<CountProgress | null>(null);
  const [changes, setChanges] = useState(0);
  const [answered, setAnswered] = useState<string | null>(null);
  const [params, setParamsState] = useState<RuleParams>(freshParams);
  const [clock, setClockState] = useState<Clock>('utc');
  const [notice, setNotice] = useState<string | null>(null);
  const [timeOffset, setTimeOffset] = useState('');
  const [jobs, setJobs] = useState<Job[]>([]);
  const queue = useRef<Job[]>([]);
  const client = useRef<AnalyzerClient | null>(null);
  const running = useRef(false);
  const showJobs = () => setJobs(queue.current.map((job) => ({ ...job })));

  const worker = () => (client.current ??= createClient());

  // The imports; and the alerts are asked for again (below), since the stored events may have changed.
  const reload = useCallback(async () => {
    const storedImports = await listImports();
    setImports(storedImports);
    setChanges((n) => n + 1);
    return storedImports;
  }, []);

  // Everything, settings included: at start-up and whenever another tab changed the workspace.
  const reloadAll = useCallback(async () => {
    const [rule, savedClock, storedImports] = await Promise.all([getSetting('rule'), getSetting('clock'), reload()]);
    setParamsState(rule ?? freshParams());
    setClockState(savedClock ?? 'utc');
    return storedImports;
  }, [reload]);

  useEffect(() => {
    const unsubscribe = onWorkspaceChange(() => void reloadAll().catch(() => {}));
    (async () => {
      const storedImports = await reloadAll();
      setReady(true);
      for (const { id } of storedImports.filter((i) => i.status === 'running')) {
        // Not awaited: the lock may be another tab's until its import ends. A failed write (full disk) leaves the import as it was.
        void withImportLock(id, () => markInterrupted(id))
          .then(() => (announceChange(), reload()))
          .catch(() => {});
      }
      await requestPersistence();
    })().catch((error: Error) => {
      setNotice(`The workspace cannot be opened (${error.message}). This browser may block storage for this page, for example in a private window.`);
      setReady(true);
    });
    return () => {
      unsubscribe();
      client.current?.cancel();
    };
  }, [reload, reloadAll]);

  const pump = useCallback(async () => {
    if (running.current) return;
    const job = queue.current.find((j) => j.state === 'queued');
    if (!job) return;
    running.current = true;
    job.state = 'running';
    showJobs();
    try {
      const outcome = await worker().importFile(
        job.file,
        job.id,
        (progress) => {
          if (!job.progress) announceChange(); // the import's record exists now: other tabs can show it running
          job.progress = progress;
          showJobs();
        },
        job.options,
      );
      if (outcome.error) setNotice(`${job.file.name}: ${outcome.error}`);
    } catch (error) {
      const cancelled = error instanceof CancelledError;
      const note = cancelled ? 'Cancelled: the events read before the cancel are kept.' : `Failed: ${(error as Error).message}`;
      if (!cancelled) setNotice(`${job.file.name}: ${note}`);
      // Under the import's lock: a cancelled worker is ended asynchronously and may still land the batch it had
      // under way; the browser frees the lock only once it is gone, so its last write cannot undo this mark.
      await withImportLock(job.id, () => markIncomplete(job.id, note)).catch(() => {});
    }
    announceChange();
    queue.current = queue.current.filter((j) => j !== job);
    running.current = false;
    showJobs();
    await reload().catch((error: Error) => setNotice(`The workspace cannot be read: ${error.message}`));
    void pump();
  }, [createClient, reload]);

  const addFiles = useCallback(
    (files: File[]) => {
      const minutes = parseOffset(timeOffset);
      const options: ImportOptions = minutes === null ? {} : { localOffsetMinutes: minutes };
      for (const file of files) queue.current.push({ id: crypto.randomUUID(), file, options, state: 'queued', progress: null });
      showJobs();
      void pump();
    },
    [pump, timeOffset],
  );

  const cancel = useCallback((id: string) => {
    const job = queue.current.find((j) => j.id === id);
    if (!job) return;
    if (job.state === 'running') client.current?.cancel();
    else {
      queue.current = queue.current.filter((j) => j !== job);
      showJobs();
    }
  }, []);

  const setParams = useCallback((next: RuleParams) => {
    setParamsState(next);
    setSetting('rule', next).then(announceChange, (error: Error) => setNotice(`The rule settings cannot be saved: ${error.message}`));
  }, []);

  // The alerts of the current rule, asked for whenever it or the workspace changed; only the newest
  // question's answer is shown. The worker starts on the first import or the first question about stored events. A cancelled re-count answers with the rule counted before, which returns.
  const asked = useRef(0);
  useEffect(() => {
    if (!ready) return;
    const question = ++asked.current;
    if (!client.current && !imports.length) {
      setDetection({ alerts: [], pack: [], uncounted: 0, stored: 0 }); // nothing stored: no worker needed yet
      return setAnswered(`${changes} ${JSON.stringify(params)}`);
    }
    const current = () => question === asked.current;
    worker()
      .alerts(params, (progress) => current() && setCounting(progress))
      .then(
        (answer) => {
          if (!current()) return;
          setCounting(null);
          setAnswered(`${changes} ${JSON.stringify(answer.params ?? params)}`);
          if (answer.cancelled && answer.params) {
            setParamsState(answer.params);
            setSetting('rule', answer.params).then(announceChange, () => {});
          }
          if (answer.cancelled && !answer.params) return;
          setDetection({ alerts: answer.alerts, pack: answer.pack ?? [], uncounted: answer.uncounted, stored: answer.events });
        },
        (error: Error) => {
          if (!current()) return;
          setCounting(null);
          setAnswered(`${changes} ${JSON.stringify(params)}`);
          if (!(error instanceof CancelledError)) setNotice(`The workspace cannot be read: ${error.message}`);
        },
      );
  }, [ready, params, changes]);

  const cancelCount = useCallback(() => client.current?.cancelCount(), []);
  const alertDetail = useCallback((alert: AlertRow) => worker().alertDetail(alert, params), [params]);
  const reportCsv = useCallback(() => worker().reportCsv(params), [params]);
  const story = useCallback((question: StoryQuestion) => worker().story(question, params), [params]);

  const setClock = useCallback((next: Clock) => {
    setClockState(next);
    setSetting('clock', next).then(announceChange, () => {});
  }, []);

  const clear = useCallback(async () => {
    await clearWorkspace();
    announceChange();
    setParamsState(freshParams());
    setClockState('utc');
    setNotice(null);
    await reload();
  }, [reload]);

  const loadSample = useCallback(
    () => addFiles([new File([sampleExport], SAMPLE_NAME, { type: 'application/json', lastModified: Date.UTC(2024, 1, 1) })]),
    [addFiles],
  );

  return {
    ready,
    busy: jobs.length > 0,
    imports,
    jobs,
    stored: detection.stored,
    params,
    alerts: detection.alerts,
    packAlerts: detection.pack,
    uncounted: detection.uncounted,
    counting,
    asking: ready && answered !== `${changes} ${JSON.stringify(params)}`,
    clock,
    timeOffset,
    notice,
    addFiles,
    loadSample,
    cancel,
    setParams,
    cancelCount,
    alertDetail,
    reportCsv,
    story,
    setClock,
    setTimeOffset,
    clear,
  };
}
