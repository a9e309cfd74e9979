// The tuned rule, written out for the tools where the rest of the tenant's audit log lives: Splunk (SPL),
// Microsoft Sentinel and Defender (KQL), any Sigma backend, and DuckDB or Spark (SQL). Each target gets the
// same selection, allow-list, grouping, window and threshold as the engine in ../rule.ts; where a target
// cannot say part of it, the text says so in a comment instead of quietly meaning something else.
//
// Pure string building: no I/O, so the app, the command line and the tests share it.

import type { RuleParams } from '../types.ts';
import { kqlRule } from './kql.ts';
import { sigmaRule } from './sigma.ts';
import { splRule } from './spl.ts';
import { sqlRule } from './sql.ts';

export const RULE_TARGETS = ['spl', 'kql', 'sigma', 'sql'] as const;
export type RuleTarget = (typeof RULE_TARGETS)[number];

export const isRuleTarget = (value: unknown): value is RuleTarget => RULE_TARGETS.includes(value as RuleTarget);

/** What each target is called on screen and the file it is saved as. */
export const TARGET_FILES: Record<RuleTarget, { label: string; fileName: string; type: string }> = {
  spl: { label: 'Splunk SPL', fileName: 'o365_multiple_mailboxes_accessed_via_api.spl', type: 'text/plain' },
  kql: { label: 'Sentinel / Defender KQL', fileName: 'o365_multiple_mailboxes_accessed_via_api.kql', type: 'text/plain' },
  sigma: { label: 'Sigma correlation', fileName: 'mr_o365_multiple_mailboxes_accessed_via_api.yml', type: 'application/yaml' },
  sql: { label: 'SQL (DuckDB, Spark)', fileName: 'o365_multiple_mailboxes_accessed_via_api.sql', type: 'application/sql' },
};

export function exportRule(target: RuleTarget, params: RuleParams): string {
  switch (target) {
    case 'spl':
      return splRule(params);
    case 'kql':
      return kqlRule(params);
    case 'sigma':
      return sigmaRule(params);
    case 'sql':
      return sqlRule(params);
  }
}
