// The rule, in plain words: for each application (tenant, ClientAppId, ClientInfoString), count the
// distinct mailboxes it read through Microsoft Graph or EWS in a window of `span`; alert when the count is
// greater than `threshold`. Splunk's analytic uses tumbling 10-minute buckets aligned to the epoch
// (`bucket span=10m _time`); the sliding mode looks at every interval of the span's length instead, so a
// burst that straddles a bucket boundary is caught, and merges overlapping qualifying intervals into one alert.
//
// Events are added one at a time. Tumbling windows keep only per-window sets (window-table.ts), so memory
// grows with the number of distinct windows and values, not with the number of events; sliding windows keep
// the events.

import { toAlert, type Application } from './alert.ts';
import { Accumulator } from './window-accumulator.ts';
import { WindowTable } from './window-table.ts';
import type { Alert, MailEvent, RuleParams } from './types.ts';

export const DEFAULT_PARAMS: RuleParams = {
  threshold: 5,
  spanMs: 10 * 60_000,
  window: 'tumbling',
  profile: 'mailbox',
  allowApps: [],
  allowIps: [],
};

export interface Detector {
  /** False when the event was not counted because the detector is at its size limit. */
  add(event: MailEvent): boolean;
  /**
   * The alerts above `threshold` (the params' by default). Tumbling windows keep their tallies, so another
   * threshold is answered from them without counting the events again.
   */
  alerts(threshold?: number): Alert[];
  /** Distinct mailboxes per tumbling window of the span for one application: the alert detail's timeline. */
  timeline(app: Application): { start: number; mailboxes: number }[];
}

/**
 * Distinct applications (tenant, ClientAppId, ClientInfoString) and windows the detector tracks. Real
 * tenants have hundreds to a few thousand; past these, a hostile or broken file would only grow memory,
 * so further applications/windows are refused and the caller reports it.
 */
export const LIMITS = { applications: 100_000, windows: 1_000_000 };
export const limitMessage = () =>
  `more than ${LIMITS.applications.toLocaleString('en-US')} distinct applications or ${LIMITS.windows.toLocaleString('en-US')} windows: events of further ones are not counted`;

/** The mailbox an event counts towards: the mailbox read (case-insensitive), or Splunk's dc(user). */
export function mailboxKey(event: MailEvent, profile: RuleParams['profile']): string {
  return profile === 'splunk' ? event.userId : event.mailbox.toLowerCase();
}

/** The allow-list drops events before counting, so an allowed IP cannot hide an attacker's IP in the same window. */
export function createAllowFilter(params: RuleParams): (event: MailEvent) => boolean {
  const apps = new Set(params.allowApps.map((a) => a.trim().toLowerCase()).filter(Boolean));
  const ips = new Set(params.allowIps.map((a) => a.trim().toLowerCase()).filter(Boolean));
  if (apps.size === 0 && ips.size === 0) return () => true;
  return (event) => !apps.has(event.clientAppId.toLowerCase()) && !(event.clientIp && ips.has(event.clientIp));
}

export const groupKey = (e: Pick<MailEvent, 'tenant' | 'clientAppId' | 'clientInfoString'>) => `${e.tenant}\u0000${e.clientAppId}\u0000${e.clientInfoString}`;

export const bucketStart = (time: number, spanMs: number) => Math.floor(time / spanMs) * spanMs;

// Groups are found through nested maps (tenant -> ClientAppId -> ClientInfoString) rather than a joined
// string key: re-tuning walks every stored event, and a fresh 100-character key per event was most of the
// garbage the collector had to clear.
interface Group {
  app: Application;
  index: number;
  events: MailEvent[]; // sliding: the group's events
}

export function createDetector(params: RuleParams): Detector {
  const allowed = createAllowFilter(params);
  const byTenant = new Map<string, Map<string, Map<string, Group>>>();
  const groups: Group[] = [];
  const windows = new WindowTable();
  // Alerts already built, by window row: re-tuning back and forth over the same windows reuses them.
  // Cleared when an event is counted, since that may change a window's tally.
  const built: (Alert | undefined)[] = [];

  const existing = ({ tenant, clientAppId, clientInfoString }: Application) => byTenant.get(tenant)?.get(clientAppId)?.get(clientInfoString);

  function groupOf({ tenant, clientAppId, clientInfoString }: MailEvent): Group | null {
    let byApp = byTenant.get(tenant);
    if (!byApp) byTenant.set(tenant, (byApp = new Map()));
    let byClient = byApp.get(clientAppId);
    if (!byClient) byApp.set(clientAppId, (byClient = new Map()));
    let group = byClient.get(clientInfoString);
    if (!group) {
      if (groups.length >= LIMITS.applications) return null;
      group = { app: { tenant, clientAppId, clientInfoString }, index: groups.length, events: [] };
      byClient.set(clientInfoString, group);
      groups.push(group);
    }
    return group;
  }

  return {
    add(event) {
      if (!allowed(event)) return true;
      const group = groupOf(event);
      if (!group) return false;
      if (params.window === 'sliding') {
        group.events.push(event);
        return true;
      }
      const start = bucketStart(event.time, params.spanMs);
      let row = windows.find(group.index, start);
      if (row < 0) {
        if (windows.size >= LIMITS.windows) return false;
        row = windows.insert(group.index, start);
      }
      windows.add(row, event, mailboxKey(event, params.profile));
      if (built.length) built.length = 0;
      return true;
    },
    alerts(threshold = params.threshold) {
      const alerts: Alert[] = [];
      if (params.window === 'sliding') for (const { events } of groups) alerts.push(...slidingAlerts(events, { ...params, threshold }));
      else {
        for (let row = 0; row < windows.size; row++) {
          const unique = windows.uniqueMailboxes(row);
          if (unique <= threshold) continue;
          const start = windows.start(row);
          alerts.push((built[row] ??= toAlert(groups[windows.group(row)].app, start, start + params.spanMs, unique, windows.tally(row))));
        }
      }
      return alerts.sort(compareAlerts);
    },
    timeline(app) {
      const group = existing(app);
      if (!group) return [];
      const out: { start: number; mailboxes: number }[] = [];
      if (params.window === 'tumbling') {
        for (let row = 0; row < windows.size; row++)
          if (windows.group(row) === group.index) out.push({ start: windows.start(row), mailboxes: windows.uniqueMailboxes(row) });
      } else {
        const buckets = new Map<number, Set<string>>();
        for (const e of group.events) {
          const start = bucketStart(e.time, params.spanMs);
          let set = buckets.get(start);
          if (!set) buckets.set(start, (set = new Set()));
          set.add(mailboxKey(e, params.profile));
        }
        for (const [start, set] of buckets) out.push({ start, mailboxes: set.size });
      }
      return out.sort((a, b) => a.start - b.start);
    },
  };
}

export interface Detection {
  alerts: Alert[];
  /** Events the detector's size limits (LIMITS) kept out: 0 but for a hostile or broken body of evidence. */
  uncounted: number;
}

/** A detector that has counted a batch of events (the app's path; the CLI streams into createDetector). */
export function countAll(events: Iterable<MailEvent>, params: RuleParams): { detector: Detector; uncounted: number } {
  const detector = createDetector(params);
  let uncounted = 0;
  for (const event of events) if (!detector.add(event)) uncounted++;
  return { detector, uncounted };
}

export function detectAll(events: Iterable<MailEvent>, params: RuleParams): Detection {
  const { detector, uncounted } = countAll(events, params);
  return { alerts: detector.alerts(), uncounted };
}

export const detect = (events: Iterable<MailEvent>, params: RuleParams): Alert[] => detectAll(events, params).alerts;

export function compareAlerts(a: Alert, b: Alert): number {
  return cmp(a.time, b.time) || cmp(a.tenant, b.tenant) || cmp(a.clientAppId, b.clientAppId) || cmp(a.clientInfoString, b.clientInfoString);
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// One group's events, every interval [t, t + span): a two-pointer sweep keeps the distinct-mailbox count of
// the interval starting at each event. Intervals that qualify and overlap in time merge into one alert.
function slidingAlerts(unsorted: MailEvent[], params: RuleParams): Alert[] {
  const events = [...unsorted].sort((a, b) => a.time - b.time);
  const keys = events.map((e) => mailboxKey(e, params.profile));
  const counts = new Map<string, number>();
  const alerts: Alert[] = [];
  let right = 0; // events[left, right) are inside the interval starting at events[left]
  let merged: { from: number; to: number; lastStart: number; peak: number } | null = null;
  const flush = () => {
    if (!merged) return;
    const acc = new Accumulator();
    for (let i = merged.from; i < merged.to; i++) acc.add(events[i], keys[i]);
    alerts.push(toAlert(events[merged.from], acc.first, acc.last, merged.peak, acc.tally()));
    merged = null;
  };
  for (let left = 0; left < events.length; left++) {
    const start = events[left].time;
    while (right < events.length && events[right].time < start + params.spanMs) {
      counts.set(keys[right], (counts.get(keys[right]) ?? 0) + 1);
      right++;
    }
    if (counts.size > params.threshold) {
      if (merged && start < merged.lastStart + params.spanMs) {
        merged.to = right;
        merged.lastStart = start;
        merged.peak = Math.max(merged.peak, counts.size);
      } else {
        flush();
        merged = { from: left, to: right, lastStart: start, peak: counts.size };
      }
    }
    const key = keys[left];
    const count = counts.get(key)! - 1;
    if (count === 0) counts.delete(key);
    else counts.set(key, count);
  }
  flush();
  return alerts;
}
