// The rule over the stored events, held in the worker: the page asks, the worker answers from the tallies
// it keeps (core/rule.ts's detector) and reads IndexedDB's batches only for what the tallies cannot tell.
//
// Lifecycle: the first question of a fresh worker is answered from what an earlier worker derived for the
// same tuning and the same stored batches (workspace-db.ts `derived`), without reading an event; the
// tallies are counted again when a question needs them (another threshold, an opened alert, the report).
// A question whose tuning differs from the counted one in more than the threshold starts a re-count: the
// stored batches stream through a new detector a page at a time while the old tallies are kept; a newer
// question or cancelCount() stops it between pages, and a cancelled question is answered from the old ones.
// Batches stored since the count (an import of this tab or another's) are counted on the next question;
// this worker's own imports hand each committed batch on (stored()), so they are not read back. A count
// whose batches were removed (a clear in any tab) is dropped and made again.

import { eventsOfAlert } from '../core/alert-detail.ts';
import { mergePackAnswers } from '../core/detections/merge.ts';
import { applicationReads, buildStories, type Story } from '../core/detections/story.ts';
import { decodeEvents } from '../core/event-columns.ts';
import { alertsToCsv } from '../core/report.ts';
import { createAllowFilter, createDetector, DEFAULT_PARAMS, groupKey, type Detector } from '../core/rule.ts';
import type { Alert, MailEvent, RuleParams } from '../core/types.ts';
import {
  batchesAfter,
  batchesByKey,
  batchesThrough,
  batchStamp,
  getDerived,
  getSetting,
  listPackRecords,
  packRecordIds,
  putDerived,
  storedEvents,
  type BatchSpan,
  type Derived,
} from '../storage/workspace-db.ts';
import { toRow, type AlertDetailAnswer, type AlertRow, type AlertsAnswer, type CountProgress, type StoryQuestion } from './api.ts';

/** Batches read at once while counting: 32,000 events. */
const PAGE_BATCHES = 16;
/** Alerts written to the report at once, so a large report is built in parts. */
const REPORT_SLICE = 2000;
const PERSIST_DELAY_MS = 300;

interface Counted {
  params: RuleParams;
  detector: Detector;
  uncounted: number;
  events: number;
  /** The last batch counted, and how many. */
  through: number | null;
  batches: number;
  spans: BatchSpan[];
  /** The rows answered per threshold, until a batch is counted: re-tuning back and forth answers from them. */
  rows: Map<number, AlertRow[]>;
}

interface Job {
  params: RuleParams;
  generation: number;
  done: Promise<Counted | null>;
  progress?: (p: CountProgress) => void;
}

/** Whether two tunings count the same tallies: every setting but the threshold, which only reads them. */
const sameTally = (a: RuleParams, b: RuleParams) => JSON.stringify({ ...a, threshold: 0 }) === JSON.stringify({ ...b, threshold: 0 });
const sameParams = (a: RuleParams, b: RuleParams) => JSON.stringify(a) === JSON.stringify(b);

/** Counts one stored batch, and notes its time span and applications (for finding an alert's events). */
function addBatch(c: Counted, key: number, events: MailEvent[]): void {
  let from = Infinity;
  let to = -Infinity;
  const apps = new Map<string, Map<string, Set<string>>>(); // nested, so that no key is built per event
  const groups: string[] = [];
  for (const e of events) {
    c.events++;
    if (!c.detector.add(e)) c.uncounted++;
    if (e.time < from) from = e.time;
    if (e.time > to) to = e.time;
    let byApp = apps.get(e.tenant);
    if (!byApp) apps.set(e.tenant, (byApp = new Map()));
    let infos = byApp.get(e.clientAppId);
    if (!infos) byApp.set(e.clientAppId, (infos = new Set()));
    if (!infos.has(e.clientInfoString)) (infos.add(e.clientInfoString), groups.push(groupKey(e)));
  }
  c.rows.clear();
  c.through = key;
  c.batches++;
  c.spans.push({ key, from, to, groups });
}

// The pack's answer over every import, merged again only when the stored answers changed: each is written
// once, when its import ends, so the imports they belong to say which are there. A re-tune of the rule
// leaves it alone. One cache per worker (per analysis), as the counts are.
function createPackAnswers() {
  let merged: { ids: string; answer: Promise<ReturnType<typeof mergePackAnswers>> } | null = null;
  return async () => {
    const ids = JSON.stringify((await packRecordIds()).sort());
    if (merged?.ids !== ids) {
      const entry = { ids, answer: listPackRecords().then(mergePackAnswers) };
      entry.answer.catch(() => merged === entry && (merged = null)); // a failed read is asked again
      merged = entry;
    }
    return merged.answer;
  };
}

export function createAnalysis() {
  const packAnswer = createPackAnswers();
  let counted: Counted | null = null;
  let job: Job | null = null;
  /** What an earlier worker derived, while it is all this one has answered from: a cancelled re-count goes back to it. */
  let restored: Derived | null = null;
  let generation = 0;
  /** cancelCount() calls: a question asked before one is answered cancelled. */
  let cancels = 0;
  /** The last batch stored before this worker's import stored its next one. */
  let lastStored: number | null = null;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;

  const answer = (c: Counted, params: RuleParams): Omit<AlertsAnswer, 'pack'> => {
    let alerts = c.rows.get(params.threshold);
    if (!alerts) c.rows.set(params.threshold, (alerts = c.detector.alerts(params.threshold).map(toRow)));
    schedulePersist(c, params, alerts);
    return { params, alerts, uncounted: c.uncounted, events: c.events, cancelled: false };
  };

  // Written as the answer was given; skipped when batches were counted since (a newer answer follows).
  function schedulePersist(c: Counted, params: RuleParams, rows: AlertRow[]) {
    clearTimeout(persistTimer);
    const stamp = { batches: c.batches, last: c.through };
    const { uncounted, events } = c;
    persistTimer = setTimeout(() => {
      if (counted !== c || c.batches !== stamp.batches) return;
      const derived: Derived = { stamp, params, alerts: rows, uncounted, events, spans: c.spans.slice() };
      putDerived(derived).catch(() => {}); // a full disk only costs the next reload a re-count
    }, PERSIST_DELAY_MS);
  }

  /** Counts the batches stored since `c` was counted; each batch once, however the calls interleave. */
  async function catchUp(c: Counted): Promise<void> {
    for (;;) {
      const page = await batchesAfter(c.through, PAGE_BATCHES);
      if (!page.length) return;
      for (const { key, batch } of page) if (c.through === null || key > c.through) addBatch(c, key, decodeEvents(batch.events));
    }
  }

  /** Whether every batch `c` counted is still stored (a clear removes them; batch keys are never reused). */
  const stillStored = async (c: Counted) => (await batchesThrough(c.through)) === c.batches;

  function startCount(params: RuleParams, progress?: (p: CountProgress) => void): Job {
    const mine = ++generation;
    const next: Job = { params, generation: mine, progress, done: Promise.resolve(null) };
    next.done = (async () => {
      const c: Counted = { params, detector: createDetector(params), uncounted: 0, events: 0, through: null, batches: 0, spans: [], rows: new Map() };
      const { batches: total } = await batchStamp();
      // The next page is asked for before this one is counted: IndexedDB reads it meanwhile.
      let reading = batchesAfter(null, PAGE_BATCHES);
      for (;;) {
        const page = await reading;
        if (mine !== generation) return null;
        if (!page.length) break;
        reading = batchesAfter(page[page.length - 1].key, PAGE_BATCHES);
        for (const { key, batch } of page) addBatch(c, key, decodeEvents(batch.events));
        next.progress?.({ batchesDone: c.batches, batchesTotal: Math.max(total, c.batches) });
      }
      counted = c;
      restored = null;
      return c;
    })().finally(() => {
      if (job === next) job = null;
    });
    job = next;
    return next;
  }

  /** The count for `params`' tallies, up to date: the one kept, the one under way, or a new one (null: cancelled). */
  async function countFor(params: RuleParams, progress?: (p: CountProgress) => void): Promise<Counted | null> {
    if (counted && sameTally(counted.params, params)) {
      if (await stillStored(counted)) {
        await catchUp(counted);
        return counted;
      }
      counted = null;
    }
    const running = job && sameTally(job.params, params) ? job : startCount(params, progress);
    if (progress) running.progress = progress;
    const c = await running.done;
    if (c) await catchUp(c);
    return c;
  }

  /** The rule's alerts for `params`: from what an earlier worker derived, the tallies kept, or a count. */
  async function ruleAlerts(params: RuleParams, onProgress: (p: CountProgress) => void): Promise<Omit<AlertsAnswer, 'pack'>> {
    const asked = cancels;
    if (!counted && !job) {
      const [derived, stamp] = await Promise.all([getDerived(), batchStamp()]);
      if (derived && derived.stamp.batches === stamp.batches && derived.stamp.last === stamp.last && sameParams(derived.params, params)) {
        // The tallies are counted again when a question needs them (another threshold, an opened alert).
        restored = derived;
        return { params, alerts: derived.alerts, uncounted: derived.uncounted, events: derived.events, cancelled: false };
      }
    }
    const before = counted;
    const c = asked === cancels ? await countFor(params, onProgress) : null; // cancelled while the store was asked
    if (c && counted === c) return answer(c, params);
    const kept = counted ?? before;
    return kept
      ? {
          params: kept.params,
          alerts: kept.detector.alerts(kept.params.threshold).map(toRow),
          uncounted: kept.uncounted,
          events: kept.events,
          cancelled: true,
        }
      : restored
        ? { params: restored.params, alerts: restored.alerts, uncounted: restored.uncounted, events: restored.events, cancelled: true }
        : { params: null, alerts: [], uncounted: 0, events: 0, cancelled: true };
  }

  return {
    async alerts(params: RuleParams, onProgress: (p: CountProgress) => void): Promise<AlertsAnswer> {
      const [answer, { alerts: pack }] = await Promise.all([ruleAlerts(params, onProgress), packAnswer()]);
      return { ...answer, pack };
    },

    cancelCount(): void {
      cancels++;
      generation++;
    },

    async alertDetail(row: AlertRow, params: RuleParams): Promise<AlertDetailAnswer | null> {
      const key = groupKey(row);
      const c = await countFor(params);
      const alert = c?.detector.alerts(params.threshold).find((a) => a.time === row.time && groupKey(a) === key);
      if (!c || !alert) return null;
      const from = Date.parse(alert.time);
      const to = Date.parse(alert.end);
      const keys = c.spans.filter((s) => s.from <= to && s.to >= from && s.groups.includes(key)).map((s) => s.key);
      const events = eventsOfAlert(
        alert,
        (await batchesByKey(keys)).flatMap(({ batch }) => storedEvents(batch)),
        params,
      );
      const app = alert.clientAppId.toLowerCase();
      const reads = applicationReads((await packAnswer()).context).find((r) => r.application === app) ?? null;
      return { alert, events, timeline: c.detector.timeline(alert), reads };
    },

    async reportCsv(params: RuleParams): Promise<Blob> {
      const c = await countFor(params);
      const alerts = c ? c.detector.alerts(params.threshold) : [];
      const ids = await recordIds(alerts, params, c?.spans ?? []);
      const parts: string[] = [];
      const body = (csv: string) => csv.slice(csv.indexOf('\r\n') + 2);
      for (let i = 0; i === 0 || i < alerts.length; i += REPORT_SLICE) {
        const csv = alertsToCsv(alerts.slice(i, i + REPORT_SLICE), (a) => ids.get(a) ?? []);
        parts.push(i === 0 ? csv : body(csv));
      }
      const { alerts: pack } = await packAnswer(); // after the rule's alerts, as the command line writes them
      if (pack.length) parts.push(body(alertsToCsv([], undefined, pack)));
      return new Blob(parts, { type: 'text/csv;charset=utf-8' });
    },

    async story({ kind, subject }: StoryQuestion, params: RuleParams): Promise<Story | null> {
      const [c, { alerts: packAlerts, context }] = await Promise.all([countFor(params), packAnswer()]);
      const stories = buildStories({ packAlerts, context, apiAlerts: c ? c.detector.alerts(params.threshold) : [] });
      const wanted = subject.toLowerCase();
      return (kind === 'application' ? stories.applications : stories.mailboxes).find((s) => s.subject.toLowerCase() === wanted) ?? null;
    },

    /** Before an import of this worker writes: brings the count up to date, so that its batches are counted as they commit. */
    async importing(): Promise<void> {
      if (counted && !(await stillStored(counted))) counted = null;
      if (counted) await catchUp(counted);
      else await countFor((await getSetting('rule')) ?? DEFAULT_PARAMS); // a fresh worker: the saved rule, over what is stored already
      lastStored = (await batchStamp()).last;
    },

    /** A batch this worker's import committed under `key`: counted at once when the count holds every batch before it. */
    stored(key: number, events: MailEvent[]): void {
      if (counted && counted.through === lastStored) addBatch(counted, key, events);
      lastStored = key;
    },
  };
}

export type Analysis = ReturnType<typeof createAnalysis>;

/** Each alert's record Ids (alert-detail.ts recordIdsOf), for every alert in one pass over the batches that hold their applications. */
async function recordIds(alerts: Alert[], params: RuleParams, spans: BatchSpan[]): Promise<Map<Alert, string[]>> {
  const allowed = createAllowFilter(params);
  const inclusive = params.window === 'sliding';
  const byGroup = new Map<string, { from: number; to: number; ids: Set<string> }[]>();
  const found = new Map<Alert, Set<string>>();
  for (const a of alerts) {
    const entry = { from: Date.parse(a.time), to: Date.parse(a.end), ids: new Set<string>() };
    found.set(a, entry.ids);
    const list = byGroup.get(groupKey(a));
    if (list) list.push(entry);
    else byGroup.set(groupKey(a), [entry]);
  }
  for (const list of byGroup.values()) list.sort((x, y) => x.from - y.from);
  const wanted = spans.filter((s) => s.groups.some((g) => byGroup.has(g))).map((s) => s.key);
  for (let i = 0; i < wanted.length; i += PAGE_BATCHES) {
    for (const { batch } of await batchesByKey(wanted.slice(i, i + PAGE_BATCHES))) {
      for (const e of decodeEvents(batch.events)) {
        if (!e.id) continue;
        const list = byGroup.get(groupKey(e));
        if (!list || !allowed(e)) continue;
        // The alert starting last at or before the event: a group's alert spans do not overlap.
        let lo = 0;
        let hi = list.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (list[mid].from <= e.time) lo = mid;
          else hi = mid - 1;
        }
        const span = list[lo];
        if (span.from <= e.time && (inclusive ? e.time <= span.to : e.time < span.to)) span.ids.add(e.id);
      }
    }
  }
  return new Map([...found].map(([a, ids]) => [a, [...ids].sort()]));
}
