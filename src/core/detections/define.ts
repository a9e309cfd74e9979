// What the rule files share: the TA's fields as a row, and a rule's defaults filled in.

import { taFields, text, type AuditRecord, type TaFields } from './fields.ts';
import type { Detection } from './model.ts';

/** The CIM fields every ESCU search may group by, as a row to add the rule's own evals to. */
export function baseRow(record: AuditRecord): TaFields {
  return taFields(record); // a fresh object each call
}

/** Lower-cased, non-empty, for the stories' keys. */
export function keys(...values: (string | number | undefined | string[])[]): string[] {
  // A loop, not flat/filter/map: it runs for every row of every rule, MailItemsAccessed listings included.
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v !== '' && v !== '0') out.push(v.toLowerCase());
  };
  for (const value of values) {
    if (Array.isArray(value)) for (const v of value) add(v);
    else add(value);
  }
  return out;
}

/** The ClientAppId of an Exchange record (an app acting through Graph or EWS), as an application key. */
export const clientApp = (record: AuditRecord): string[] => keys(text(record.ClientAppId).trim() || undefined);

type Defaults = 'touches' | 'per' | 'fillnull' | 'key' | 'escuId';
export type RuleSpec = Omit<Detection, Defaults> & Partial<Pick<Detection, Defaults>> & { id: string };

/** A rule with its defaults: per event, stats over the whole range, and the stories' keys from `_mailboxes` / `_applications` in its rows. */
export function define(spec: RuleSpec): Detection {
  const { id, ...rest } = spec;
  return {
    key: spec.analyst ? `${id}:analyst` : id,
    escuId: id,
    per: 'event',
    fillnull: true,
    touches: (row) => ({ mailboxes: keys(row._mailboxes), applications: keys(row._applications) }),
    ...rest,
  };
}
