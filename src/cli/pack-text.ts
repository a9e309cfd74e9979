// The detection pack in the command line's text report: its alerts, oldest first, then each application's
// story. Appended after the API-read rule's report.

import type { PackResults } from '../core/detections/results.ts';

export function packText({ packAlerts, stories }: PackResults): string {
  const out: string[] = [
    '',
    packAlerts.length ? `${packAlerts.length} detection pack alert${packAlerts.length === 1 ? '' : 's'}:` : 'No detection pack alerts.',
  ];
  for (const a of packAlerts) out.push(`  ${a.firstTime}  risk ${String(a.risk).padStart(2)}  ${a.technique.padEnd(9)}  ${a.detectionName}: ${a.message}`);
  for (const story of stories.applications) {
    out.push('', `Application ${story.subject} (summed risk ${story.risk}):`);
    for (const e of story.entries)
      out.push(`  ${e.time}  ${e.source === 'context' ? 'context ' : `risk ${String(e.risk).padStart(2)}`}  ${e.detectionName}: ${e.summary}`);
  }
  return `${out.join('\n')}\n`;
}
