// The pack: every detection of Splunk's "Office 365 Collection Techniques" story (and the siblings it
// leans on) that the unified audit log alone can answer, one module per family, listed here once. To add
// a detection, write it with define() in its family's file and add it to that file's list.
//
// Left out, because the UAL cannot answer them: the four ESCU analytics that join Message Trace
// (o365_messagetrace): Email Password and Payroll Compromise Behavior, Email Receive and Hard Delete
// Takeover Behavior, Email Send and Hard Delete Exfiltration Behavior, Email Send Attachments Excessive
// Volume. docs/detections.md has the table.

import { API_CONTEXT } from './api-context.ts';
import { APP_CONSENT } from './app-consent.ts';
import { DESTRUCTION } from './destruction.ts';
import { FORWARDING } from './forwarding.ts';
import type { Detection } from './model.ts';
import { PERMISSIONS } from './permissions.ts';
import { SEARCH_EXPORT } from './search-export.ts';

export const DETECTIONS: Detection[] = [...FORWARDING, ...PERMISSIONS, ...APP_CONSENT, ...SEARCH_EXPORT, ...DESTRUCTION, ...API_CONTEXT];

/**
 * The detections a list of ids names (keys, ESCU ids, or an id's first 8 characters; an ESCU id also names
 * its analyst variant). Unknown ids are returned apart so a caller can say which.
 */
export function selectDetections(ids: string[]): { detections: Detection[]; unknown: string[] } {
  const wanted = ids.map((id) => id.trim().toLowerCase()).filter(Boolean);
  const matches = (d: Detection, id: string) => d.key === id || d.escuId === id || (id.length >= 8 && !id.includes(':') && d.escuId.startsWith(id));
  return {
    detections: DETECTIONS.filter((d) => wanted.some((id) => matches(d, id))),
    unknown: wanted.filter((id) => !DETECTIONS.some((d) => matches(d, id))),
  };
}

/**
 * The byte strings a record must contain for any of these detections to select it: a record naming none
 * is counted undecoded: a rule's `needles`, else its Operation values as exports write them (`*` dropped).
 */
export function packNeedles(detections: Detection[] = DETECTIONS): string[] {
  const needles = new Set<string>();
  for (const d of detections) for (const n of d.needles ?? d.operations) if (n !== '*') needles.add(n.replace(/\*$/, ''));
  return [...needles];
}

export { createPackRunner, type PackRunner } from './runner.ts';
export type { Detection, PackAlert } from './model.ts';
