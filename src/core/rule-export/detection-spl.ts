// A pack detection's own search, as splunk/security_content ships it (its `search:`), for a SIEM that runs
// ESCU already: the text is the analytic's, so its results there are the ones the pack reproduces here.
// Analyst variants have no ESCU text and are not exported.

import { selectDetections } from '../detections/index.ts';
import type { Detection } from '../detections/model.ts';

export function detectionSpl(detection: Detection): string {
  return [
    `\`\`\` ${detection.name} (ESCU ${detection.escuId}, version ${detection.version}, ${detection.date}) \`\`\``,
    `\`\`\` MITRE ATT&CK ${detection.technique}; risk ${detection.risk}; from splunk/security_content detections/cloud (Apache-2.0) \`\`\``,
    detection.spl,
    '',
  ].join('\n');
}

/** The SPL of the one ESCU detection `id` names, or null. */
export function exportDetection(id: string): string | null {
  const found = selectDetections([id]).detections.filter((d) => d.spl);
  return found.length === 1 ? detectionSpl(found[0]) : null;
}
