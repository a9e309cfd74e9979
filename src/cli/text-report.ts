// The human-readable stdout of the command line: alerts first, then what each file was read as.

import { listedProblems } from '../core/file-summary.ts';
import type { Evidence } from '../core/evidence.ts';
import type { Alert, FileSummary } from '../core/types.ts';

const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

export function textReport(alerts: Alert[], files: FileSummary[], evidence: Evidence): string {
  const out: string[] = [];
  if (!alerts.length) out.push('No alerts.');
  else {
    out.push(`${alerts.length} alert${alerts.length === 1 ? '' : 's'} (T1114.002, risk score ${alerts[0].riskScore}):`, '');
    const rows = alerts.map((a) => [a.time, String(a.uniqueMailboxes), String(a.events), a.clientAppId, clip(a.clientInfoString, 48), a.srcIps.join(' ')]);
    const header = ['window start (UTC)', 'mailboxes', 'events', 'ClientAppId', 'ClientInfoString', 'client IPs'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const row of [header, ...rows])
      out.push(
        row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd(),
      );
  }
  out.push('', 'Files:');
  for (const f of files) {
    const { listed, more } = listedProblems(f);
    if (f.unsupported) out.push(`  ${f.name}: not analysed. ${f.unsupported}`);
    else {
      const unjudged = f.unjudged ? `, ${f.unjudged} could not be judged` : '';
      out.push(
        `  ${f.name}: ${f.format}, ${f.encoding}; ${f.records} records, ${f.selected} read by the rule${unjudged}, ${f.skipped} skipped, ${f.duplicates} duplicates`,
      );
      for (const warning of f.warnings) out.push(`    ! ${warning}`);
    }
    for (const p of listed) out.push(`    line ${p.line}: ${p.message}`);
    if (more) out.push(`    ... and ${more} more problems`);
  }
  out.push('', ...evidenceLines(evidence));
  return `${out.join('\n')}\n`;
}

const alertName = (a: { time: string; clientAppId: string }) => `the alert of ${a.clientAppId} at ${a.time}`;

/** What the evidence cannot show: every line a responder should weigh before calling a tenant clean. */
export function evidenceLines(e: Evidence): string[] {
  const coverage = e.coverage.map(
    (c) => `  ${c.file}: counted reads from ${c.from ?? '-'} to ${c.to ?? '-'}${c.tenants.length ? ` (tenant ${c.tenants.join(', ')})` : ''}`,
  );
  const out: string[] = [];
  for (const g of e.gaps) out.push(`  gap: no file holds a counted read of tenant ${g.tenant} from ${g.from} to ${g.to}`);
  for (const a of e.nearGap) out.push(`  near a gap: ${alertName(a)}; more mailboxes may have been read in the gap`);
  for (const t of e.truncated) out.push(`  looks truncated: ${t.file}: ${t.reason}`);
  for (const a of e.throttled) out.push(`  throttled: ${alertName(a)}: ${a.mailboxes} mailboxes have IsThrottled=True records, so its counts are lower bounds`);
  for (const a of e.syncOnly) out.push(`  Sync only: ${alertName(a)}: folders were synchronised; no message read is recorded`);
  for (const u of e.unjudged) out.push(`  could not be judged: ${u.file}: ${u.records} MailItemsAccessed records (a field the rule needs is missing)`);
  for (const r of e.reusedIds) out.push(`  Ids reused: ${r.file}: ${r.records} records share an Id with a record of other content`);
  return ['What the evidence cannot show:', ...coverage, ...(out.length ? out : ['  nothing beyond the time covered above'])];
}
