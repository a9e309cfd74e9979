// The audit record Ids behind each alert, for the report's record_ids column. The detector keeps tallies,
// not events, so the files are read a second time through a session of their own (the same deduplication
// as the first read), keeping only the events of the applications that alerted. The app asks its stored
// events the same question (recordIdsOf), so both write the same report.

import { recordIdsOf } from '../core/alert-detail.ts';
import type { AnalyzerOptions } from '../core/analyzer.ts';
import { groupKey } from '../core/rule.ts';
import { createSession } from '../core/session.ts';
import type { Alert, MailEvent, RuleParams } from '../core/types.ts';
import { analyzeFile } from './read-parallel.ts';

export async function readRecordIds(paths: string[], alerts: Alert[], params: RuleParams, analyzer: AnalyzerOptions): Promise<(alert: Alert) => string[]> {
  if (!alerts.length) return () => [];
  const byGroup = new Map(alerts.map((a) => [groupKey(a), [] as MailEvent[]]));
  const session = createSession({ deliver: (event) => (byGroup.get(groupKey(event))?.push(event), true), analyzer });
  for (const path of paths) await analyzeFile(path, session);
  return (alert) => recordIdsOf(alert, byGroup.get(groupKey(alert)) ?? [], params);
}
