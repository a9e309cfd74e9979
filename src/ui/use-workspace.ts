// The analysis state machine, and the only caller of the worker client.
//
// Lifecycle: on mount, the workspace (imports, events, settings) is read from IndexedDB, and each import found
// 'running' is marked incomplete as soon as its lock is free: at once when the worker that ran it is gone,
// after it finishes when another open tab is running it (import-lock.ts). Dropped files queue up; one file at
// a time goes to the worker, which holds the import's lock and stores events as it reads. Each job moves
// queued -> running -> gone; when it is gone the imports and the events it added are read back from the
// store, and the alerts are recomputed from the events in memory, as they are whenever the rule changes
// (use-alerts.ts): re-tuning never re-reads a file. Every change is announced to the other tabs, which read
// the workspace back.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_PARAMS } from '../core/rule.ts';
import type { Alert, RuleParams } from '../core/types.ts';
import { withImportLock } from '../storage/import-lock.ts';
import { requestPersistence } from '../storage/quota.ts';
import { announceChange, onWorkspaceChange } from '../storage/workspace-channel.ts';
import {
  clearWorkspace,
  eventsAfter,
  getSetting,
  listImports,
  markIncomplete,
  markInterrupted,
  setSetting,
  type ImportRecord,
  type StoredEvent,
} from '../storage/workspace-db.ts';
import type { ImportOptions, ImportProgress } from '../worker/api.ts';
import { parseOffset } from '../core/csv-layout.ts';
import { CancelledError, createAnalyzerClient, type AnalyzerClient } from './analyzer-client.ts';
import type { Clock } from './format.ts';
import { useAlerts } from './use-alerts.ts';
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
  events: StoredEvent[];
  params: RuleParams;
  alerts: Alert[];
  /** Events the rule could not count: the workspace holds more applications or windows than it tracks. */
  uncounted: number;
  clock: Clock;
  /** The offset from UTC the responder gave for exports whose times are local ('' when none). */
  timeOffset: string;
  /** Something the responder must know that belongs to no single file (storage full, storage unavailable). */
  notice: string | null;
  addFiles(files: File[]): void;
  loadSample(): void;
  cancel(id: string): void;
  setParams(params: RuleParams): void;
  setClock(clock: Clock): void;
  setTimeOffset(offset: string): void;
  clear(): Promise<void>;
}

export const SAMPLE_NAME = 'ual-triage-demo.json';
const freshParams = (): RuleParams => ({ ...DEFAULT_PARAMS, allowApps: [], allowIps: [] });

export function useWorkspace(createClient: () => AnalyzerClient = createAnalyzerClient): Workspace {
  const [ready, setReady] = useState(false);
  const [imports, setImports] = useState<ImportRecord[]>([]);
  const [events, setEvents] = useState<StoredEvent[]>([]);
  const [params, setParamsState] = useState<RuleParams>(freshParams);
  const [clock, setClockState] = useState<Clock>('utc');
  const [notice, setNotice] = useState<string | null>(null);
  const [timeOffset, setTimeOffset] = useState('');
  const [jobs, setJobs] = useState<Job[]>([]);
  const queue = useRef<Job[]>([]);
  const client = useRef<AnalyzerClient | null>(null);
  const running = useRef(false);
  const showJobs = () => setJobs(queue.current.map((job) => ({ ...job })));

  // The imports, and the events: all of them, or only those of batches stored since the last read (after
  // this tab's own import, whose batches are the newest). Reads run one after another, so each starts from
  // the events the one before it left.
  const loaded = useRef<{ through: number | null; events: StoredEvent[] }>({ through: null, events: [] });
  const reads = useRef<Promise<unknown>>(Promise.resolve());
  const reload = useCallback((only: 'all' | 'new' = 'all') => {
    const read = reads.current
      .catch(() => {})
      .then(async () => {
        const from = only === 'new' ? loaded.current.through : null;
        const [storedImports, stored] = await Promise.all([listImports(), eventsAfter(from)]);
        const events = from === null ? stored.events : stored.events.length ? [...loaded.current.events, ...stored.events] : loaded.current.events;
        loaded.current = { through: stored.through, events };
        setImports(storedImports);
        setEvents(events);
        return storedImports;
      });
    reads.current = read;
    return read;
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
          .then(() => (announceChange(), reload('new')))
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
    client.current ??= createClient();
    try {
      const outcome = await client.current.importFile(
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
      await markIncomplete(job.id, note).catch(() => {});
    }
    announceChange();
    queue.current = queue.current.filter((j) => j !== job);
    running.current = false;
    showJobs();
    await reload('new').catch((error: Error) => setNotice(`The workspace cannot be read: ${error.message}`));
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

  const { alerts, uncounted } = useAlerts(events, params);
  return {
    ready,
    busy: jobs.length > 0,
    imports,
    jobs,
    events,
    params,
    alerts,
    uncounted,
    clock,
    timeOffset,
    notice,
    addFiles,
    loadSample,
    cancel,
    setParams,
    setClock,
    setTimeOffset,
    clear,
  };
}
