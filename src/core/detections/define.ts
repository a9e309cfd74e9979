// What the rule files share: the TA's fields as a row, and a rule's defaults filled in.

import { taFields, text, type AuditRecord, type TaFields } from './fields.ts';
import type { Detection } from './model.ts';

/** The CIM fields every ESCU search may group by, as a row to add the rule's own evals to. */
export function baseRow(record: AuditRecord): TaFields {
  return { ...taFields(record) };
}

/** Lower-cased, non-empty, for the stories' keys. */
export const keys = (...values: (string | number | undefined | string[])[]): string[] =>
  values
    .flat()
    .filter((v): v is string => typeof v === 'string' && v !== '' && v !== '0')
    .map((v) => v.toLowerCase());

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
