// What a detection of the pack is: metadata beside a small function. Every rule of the pack has the same
// shape as an ESCU search: a selection and evals per record (`select`, giving zero or more rows, one per
// value where the SPL mvexpands or groups by a multivalue field), then `stats ... by <by>` over the whole
// time range or over `bin` buckets, then an optional `where` on each group. runner.ts is that pipeline once
// for all rules, so a rule file holds only what differs. Only plain data leaves the pack (PackAlert).

import type { AuditRecord } from './fields.ts';

/** Where a rule reads its fields in the audit record (for the docs table and the app's detail view). */
export type FieldSource = 'top level' | 'Parameters' | 'OperationProperties' | 'ModifiedProperties' | 'Item' | 'Actor/Target' | 'ExtendedProperties';

/** One row after the rule's evals: field name -> value; a list is a multivalue field. */
export type Row = Record<string, string | string[] | number | undefined>;

/** The tallies of one stats group, as a rule's `where` sees them. */
export interface Group {
  by: Record<string, string>;
  count: number;
  /** min and max of _time, epoch ms. */
  first: number;
  last: number;
  values: Record<string, Set<string>>;
  min: Record<string, number>;
  max: Record<string, number>;
}

export interface Detection {
  /** ESCU id; analyst variants add `:analyst` so both can run side by side. */
  key: string;
  escuId: string;
  name: string;
  /** ESCU version and date of the search ported. */
  version: number;
  date: string;
  technique: string;
  risk: number;
  type: 'TTP' | 'Anomaly' | 'Context';
  /** Set on a variant written for analysts: what it changes and why. Never the default analytic. */
  analyst?: string;
  /** Operation values the rule selects, compared case-insensitively (SPL `search`); `*` ends a prefix. */
  operations: string[];
  /** Bytes a selected record must contain, when not its Operation (the byte-level skip); default: operations. */
  needles?: string[];
  reads: FieldSource[];
  /** Alerts per event group over the whole range ('event') or per time bucket ('window'). */
  per: 'event' | 'window';
  /** The ESCU `search:` as written, for the rule export. */
  spl: string;
  /** The field ESCU scores (its RBA risk object). */
  riskObject: string;
  /** The record -> rows after the SPL's selection and evals; [] when the record is not selected. */
  select(record: AuditRecord, options: DetectionOptions): Row[];
  by: string[];
  /** `| fillnull` before stats: a missing BY field becomes "0" instead of dropping the row. */
  fillnull: boolean;
  /** Fields whose distinct values the group keeps (values(), dc()). */
  values?: string[];
  min?: string[];
  max?: string[];
  /** `bin _time span=...`, in ms, for rules that alert per window. */
  binMs?: number;
  /** A global `dedup <field>` before stats (newest row first, as Splunk orders events). */
  dedup?: string;
  /** The SPL's `where` after stats. */
  where?(group: Group, options: DetectionOptions): boolean;
  /** A tunable threshold the analytic has, with its ESCU default. */
  threshold?: { name: string; default: number; description: string };
  /** The mailboxes and applications a row touches, for the stories (story.ts). */
  touches(row: Row): { mailboxes: string[]; applications: string[] };
  message(group: Group): string;
}

export interface DetectionOptions {
  /** Per-detection thresholds by key (only rules with `threshold` read them). */
  thresholds: Record<string, number>;
}

/** A pack alert (or a context row): plain data, JSON- and structured-clone-safe. */
export interface PackAlert {
  /** ESCU id of the analytic. */
  detection: string;
  /** The rule's key: the ESCU id, or `<id>:analyst` for a variant. */
  key: string;
  detectionName: string;
  variant: 'escu' | 'analyst';
  version: number;
  technique: string;
  risk: number;
  type: Detection['type'];
  /** Earliest and latest event of the group (ISO 8601 UTC). */
  firstTime: string;
  lastTime: string;
  /** Bucket start for per-window rules, else null. */
  window: string | null;
  count: number;
  /** The stats BY fields, as the search outputs them ("0" where fillnull filled one). */
  fields: Record<string, string>;
  /** values() of the rule's value fields, sorted as Splunk sorts them. */
  values: Record<string, string[]>;
  riskObject: string;
  mailboxes: string[];
  applications: string[];
  /** The audit record Ids of the group; none for a context row, which counts them (`count`). */
  recordIds: string[];
  message: string;
}
