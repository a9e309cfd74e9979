// Records -> pack alerts: each decoded audit record goes to every rule that selects its Operation; each
// rule's rows are tallied per stats group as the record arrives, so memory grows with the groups, not the
// records (a `dedup` rule keeps its rows, which are few: forwarding rule changes). `alerts()` ends the
// search: dedup, stats, where, and the groups become plain PackAlerts, oldest first.

import { isoUtc, parseTimestamp } from '../time.ts';
import { operationIn, sortedValues, text, type AuditRecord } from './fields.ts';
import type { Detection, DetectionOptions, Group, PackAlert, Row } from './model.ts';

interface Tally extends Group {
  /** The BY values in the rule's order, to tell groups of one hash apart. */
  key: string[];
  recordIds: Set<string>;
  mailboxes: Set<string>;
  applications: Set<string>;
  bucket: number | null;
}

interface Pending {
  row: Row;
  time: number;
  id: string;
  order: number;
}

export interface PackRunner {
  /** One decoded audit record (the AuditData object). Answers whether any rule selected it. */
  add(record: AuditRecord, id?: string): boolean;
  /** Alerts of the alerting rules, and the rows of the context rules, each oldest first. */
  results(): { alerts: PackAlert[]; context: PackAlert[] };
}

const cell = (value: Row[string]): string | undefined => {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value.length ? value.join('\n') : undefined) : String(value);
};

export function createPackRunner(detections: Detection[], options: DetectionOptions = { thresholds: {} }): PackRunner {
  // Each rule's groups by a 32-bit hash of their bucket and BY values, the values compared on a hit: a key
  // string joined per row cost half the runner's time (measured: building and hashing a few hundred
  // characters for every API read the Graph/EWS listings count).
  const tallies = detections.map(() => new Map<number, Tally[]>());
  const lists = detections.map((): Tally[] => []);
  const pending = detections.map((): Pending[] => []);
  let order = 0;

  const byValues: string[] = []; // the BY values of the row being tallied: a group's object is made once
  const sameGroup = (g: Tally, bucket: number | null, length: number) => {
    if (g.bucket !== bucket) return false;
    for (let n = 0; n < length; n++) if (g.key[n] !== byValues[n]) return false;
    return true;
  };
  function tally(index: number, row: Row, time: number, id: string) {
    const rule = detections[index];
    const bucket = rule.binMs ? Math.floor(time / rule.binMs) * rule.binMs : null;
    let hash = bucket === null ? 0x2545f491 : Math.imul(bucket / 60000, 0x9e3779b1);
    for (let n = 0; n < rule.by.length; n++) {
      let value = cell(row[rule.by[n]]);
      if (value === undefined) {
        if (!rule.fillnull) return; // stats drops an event whose BY field is null
        value = '0';
      }
      byValues[n] = value;
      hash = hashText(hash, value);
    }
    const groups = tallies[index];
    const length = rule.by.length;
    const sameHash = groups.get(hash);
    let group: Tally | undefined;
    if (sameHash) for (let k = 0; k < sameHash.length && !group; k++) if (sameGroup(sameHash[k], bucket, length)) group = sameHash[k];
    if (!group) {
      const by: Record<string, string> = {};
      rule.by.forEach((name, n) => (by[name] = byValues[n]));
      group = {
        key: byValues.slice(0, length),
        by,
        count: 0,
        first: time,
        last: time,
        values: {},
        min: {},
        max: {},
        recordIds: new Set(),
        mailboxes: new Set(),
        applications: new Set(),
        bucket,
      };
      for (const name of rule.values ?? []) group.values[name] = new Set();
      if (sameHash) sameHash.push(group);
      else groups.set(hash, [group]);
      lists[index].push(group);
    }
    group.count++;
    if (time < group.first) group.first = time;
    if (time > group.last) group.last = time;
    for (const name of rule.values ?? []) {
      const value = row[name];
      if (value === undefined) continue;
      const set = group.values[name];
      if (Array.isArray(value)) for (const v of value) set.add(v);
      else set.add(String(value));
    }
    for (const name of rule.min ?? []) {
      const v = Number(row[name]);
      if (row[name] !== undefined && Number.isFinite(v) && !(v >= group.min[name])) group.min[name] = v;
    }
    for (const name of rule.max ?? []) {
      const v = Number(row[name]);
      if (row[name] !== undefined && Number.isFinite(v) && !(v <= group.max[name])) group.max[name] = v;
    }
    // A context row (the Graph/EWS listings) lists every API read of a tenant: it keeps the count, not the Ids.
    if (id && rule.type !== 'Context') group.recordIds.add(id);
    const touched = rule.touches(row);
    for (const m of touched.mailboxes) group.mailboxes.add(m);
    for (const a of touched.applications) group.applications.add(a);
  }

  // The rules whose operations an Operation value matches, worked out once per distinct value (a bounded
  // number of them: a hostile file may hold any number of values).
  const rulesByOperation = new Map<string, number[]>();
  const rulesOf = (operation: string): number[] => {
    let indexes = rulesByOperation.get(operation);
    if (indexes) return indexes;
    indexes = detections.flatMap((rule, index) => (operationIn({ Operation: operation }, rule.operations) ? [index] : []));
    if (rulesByOperation.size < 4096) rulesByOperation.set(operation, indexes);
    return indexes;
  };

  return {
    add(record, id = text(record.Id)) {
      const indexes = rulesOf(text(record.Operation));
      if (!indexes.length) return false;
      let selected = false;
      const time = parseTimestamp(record.CreationTime);
      if (Number.isNaN(time)) return false;
      for (const index of indexes) {
        const rule = detections[index];
        const rows = rule.select(record, options);
        if (!rows.length) continue;
        selected = true;
        for (const row of rows) {
          if (rule.dedup) pending[index].push({ row, time, id, order: order++ });
          else tally(index, row, time, id);
        }
      }
      return selected;
    },
    results() {
      const alerts: PackAlert[] = [];
      const context: PackAlert[] = [];
      detections.forEach((rule, index) => {
        if (rule.dedup) {
          // Splunk returns events newest first; `dedup` keeps the first row of each value.
          tallies[index].clear();
          lists[index] = [];
          const seen = new Set<string>();
          const rows = [...pending[index]].sort((a, b) => b.time - a.time || b.order - a.order);
          for (const p of rows) {
            const value = cell(p.row[rule.dedup!]);
            if (value === undefined || seen.has(value)) continue; // dedup drops rows without the field
            seen.add(value);
            tally(index, p.row, p.time, p.id);
          }
        }
        for (const group of lists[index]) {
          if (rule.where && !rule.where(group, options)) continue;
          (rule.type === 'Context' ? context : alerts).push(toPackAlert(rule, group));
        }
      });
      const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      const byTime = (a: PackAlert, b: PackAlert) =>
        cmp(a.firstTime, b.firstTime) || cmp(a.key, b.key) || cmp(Object.values(a.fields).join('\u0000'), Object.values(b.fields).join('\u0000'));
      return { alerts: alerts.sort(byTime), context: context.sort(byTime) };
    },
  };
}

/** `hash` and then `text`'s code units, FNV-1a, with the length closing it ('ab','c' differs from 'a','bc'). */
function hashText(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(hash ^ (text.length + 0x10000), 0x01000193);
}

function toPackAlert(rule: Detection, group: Tally): PackAlert {
  const values: Record<string, string[]> = {};
  for (const [name, set] of Object.entries(group.values)) values[name] = sortedValues(set);
  return {
    detection: rule.escuId,
    key: rule.key,
    detectionName: rule.name,
    variant: rule.analyst ? 'analyst' : 'escu',
    version: rule.version,
    technique: rule.technique,
    risk: rule.risk,
    type: rule.type,
    firstTime: isoUtc(group.first),
    lastTime: isoUtc(group.last),
    window: group.bucket === null ? null : isoUtc(group.bucket),
    count: group.count,
    fields: group.by,
    values,
    riskObject: group.by[rule.riskObject] ?? values[rule.riskObject]?.join(', ') ?? '',
    mailboxes: sortedValues(group.mailboxes),
    applications: sortedValues(group.applications),
    recordIds: sortedValues(group.recordIds),
    message: rule.message(group),
  };
}
