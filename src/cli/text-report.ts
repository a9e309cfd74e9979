// The human-readable stdout of the command line: alerts first, then what each file was read as.

import { LISTED_WHEN_NOT_ANALYSED } from '../core/analyzer.ts';
import type { Alert, FileSummary } from '../core/types.ts';

const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

export function textReport(alerts: Alert[], files: FileSummary[]): string {
  const out: string[] = [];
  if (!alerts.length) out.push('No alerts.');
  else {
    out.push(`${alerts.length} alert${alerts.length === 1 ? '' : 's'} (T1114.002, risk score ${alerts[0].riskScore}):`, '');
    const rows = alerts.map((a) => [a.time, String(a.uniqueMailboxes), String(a.events), a.clientAppId, clip(a.clientInfoString, 48), a.srcIps.join(' ')]);
    const header = ['window start (UTC)', 'mailboxes', 'events', 'ClientAppId', 'ClientInfoString', 'client IPs'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const row of [header, ...rows]) out.push(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  }
  out.push('', 'Files:');
  for (const f of files) {
    const listed = f.unsupported ? f.problems.slice(0, LISTED_WHEN_NOT_ANALYSED) : f.problems;
    if (f.unsupported) out.push(`  ${f.name}: not analysed. ${f.unsupported}`);
    else {
      const unjudged = f.unjudged ? `, ${f.unjudged} could not be judged` : '';
      out.push(`  ${f.name}: ${f.format}, ${f.encoding}; ${f.records} records, ${f.selected} read by the rule${unjudged}, ${f.skipped} skipped, ${f.duplicates} duplicates`);
      for (const warning of f.warnings) out.push(`    ! ${warning}`);
    }
    for (const p of listed) out.push(`    line ${p.line}: ${p.message}`);
    const more = f.moreProblems + f.problems.length - listed.length;
    if (more) out.push(`    ... and ${more} more problems`);
  }
  return `${out.join('\n')}\n`;
}
