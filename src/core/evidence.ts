// What the evidence cannot show, beside the alerts: the time each file covers and the gaps between files
// of one tenant (an alert near a gap may have more mailboxes than it shows), exports that look cut off,
// alerts whose counts are lower bounds (throttling) or rest on folder-level Sync records only, and the
// records the rule could not judge or whose Ids were reused. Plain data, the same for the app and the CLI.

import { isoUtc } from './time.ts';
import type { Alert, FileSummary } from './types.ts';

/** Row counts at which the export tools stop: Purview and Search-UnifiedAuditLog caps, and round page limits. */
export const EXPORT_CAPS = [5_000, 50_000, 100_000, 1_000_000];

export interface Evidence {
  /** Per analysed file, from its first to its last read counted by the rule (other records are not timed). */
  coverage: { file: string; tenants: string[]; from: string | null; to: string | null }[];
  /** Stretches between files of one tenant in which no file holds a counted read. */
  gaps: { tenant: string; from: string; to: string }[];
  truncated: { file: string; reason: string }[];
  /** Alerts within one window span of a gap: more mailboxes may have been read there. */
  nearGap: AlertRef[];
  /** Alerts with mailboxes that have IsThrottled=True records: logging stopped, the counts are lower bounds. */
  throttled: (AlertRef & { mailboxes: number })[];
  /** Alerts whose window holds only Sync records: folders synchronised, no message read is recorded. */
  syncOnly: AlertRef[];
  unjudged: { file: string; records: number }[];
  reusedIds: { file: string; records: number }[];
}

export type AlertRef = Pick<Alert, 'time' | 'tenant' | 'clientAppId' | 'clientInfoString'>;
/** What the findings read of an alert: the table's row of it is enough. */
export type EvidenceAlert = AlertRef & Pick<Alert, 'end' | 'throttledMailboxes' | 'bind' | 'sync'>;

const ref = (a: AlertRef): AlertRef => ({ time: a.time, tenant: a.tenant, clientAppId: a.clientAppId, clientInfoString: a.clientInfoString });

export function describeEvidence(files: FileSummary[], alerts: EvidenceAlert[], spanMs: number): Evidence {
  const analysed = files.filter((f) => !f.unsupported);
  const coverage = analysed.map((f) => ({ file: f.name, tenants: f.tenants ?? [], from: f.firstTime, to: f.lastTime }));
  const gaps = findGaps(coverage);
  const nearGap = alerts.filter((a) => {
    const start = Date.parse(a.time);
    const end = Date.parse(a.end);
    return gaps.some((g) => g.tenant === a.tenant && Date.parse(g.from) - spanMs <= end && start <= Date.parse(g.to) + spanMs);
  });
  return {
    coverage,
    gaps,
    truncated: analysed.flatMap((f) => {
      const reasons: string[] = [];
      const rows = f.records + f.skipped;
      if (EXPORT_CAPS.includes(rows))
        reasons.push(`exactly ${rows.toLocaleString('en-US')} records, a limit at which export tools stop: the search may hold more`);
      if (f.cutShort) reasons.push('its last record is cut off: the file was not written or copied to the end');
      return reasons.map((reason) => ({ file: f.name, reason }));
    }),
    nearGap: nearGap.map(ref),
    throttled: alerts.filter((a) => a.throttledMailboxes > 0).map((a) => ({ ...ref(a), mailboxes: a.throttledMailboxes })),
    syncOnly: alerts.filter((a) => a.bind === 0 && a.sync > 0).map(ref),
    unjudged: analysed.filter((f) => f.unjudged > 0).map((f) => ({ file: f.name, records: f.unjudged })),
    reusedIds: analysed.filter((f) => (f.reusedIds ?? 0) > 0).map((f) => ({ file: f.name, records: f.reusedIds })),
  };
}

// Per tenant, the stretches between the files' covered periods that none of them covers.
function findGaps(coverage: Evidence['coverage']): Evidence['gaps'] {
  const byTenant = new Map<string, [number, number][]>();
  for (const c of coverage) {
    if (!c.from || !c.to) continue;
    for (const tenant of c.tenants) {
      const list = byTenant.get(tenant) ?? [];
      list.push([Date.parse(c.from), Date.parse(c.to)]);
      byTenant.set(tenant, list);
    }
  }
  const gaps: Evidence['gaps'] = [];
  for (const [tenant, periods] of [...byTenant].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    periods.sort((a, b) => a[0] - b[0]);
    let reached = periods[0][1];
    for (const [from, to] of periods.slice(1)) {
      if (from > reached) gaps.push({ tenant, from: isoUtc(reached), to: isoUtc(from) });
      reached = Math.max(reached, to);
    }
  }
  return gaps;
}
