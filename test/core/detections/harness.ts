// Runs records through rules of the pack and projects the alerts onto what a case states, so that each
// case's expected value is written out in full by hand from the SPL.

import { createPackRunner } from '../../../src/core/detections/runner.ts';
import type { Detection, PackAlert } from '../../../src/core/detections/model.ts';
import type { AuditRecord } from '../../fixtures/detections/records.ts';

export interface Case {
  name: string;
  records: AuditRecord[];
  /** Per alert, the parts the case checks: fields always (all BY fields), values/count/other keys when given. */
  expected: Partial<PackAlert>[];
  thresholds?: Record<string, number>;
}

export function run(rules: Detection | Detection[], records: AuditRecord[], thresholds: Record<string, number> = {}): PackAlert[] {
  const runner = createPackRunner(Array.isArray(rules) ? rules : [rules], { thresholds });
  for (const record of records) runner.add(record);
  const { alerts, context } = runner.results();
  return [...alerts, ...context];
}

/** The alerts, each cut down to the keys its expected counterpart names. */
export function project(alerts: PackAlert[], expected: Partial<PackAlert>[]): Partial<PackAlert>[] {
  return alerts.map((alert, i) => {
    const keys = Object.keys(expected[i] ?? { fields: 1 }) as (keyof PackAlert)[];
    return Object.fromEntries(keys.map((k) => [k, alert[k]]));
  });
}
