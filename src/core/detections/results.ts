// The pack's answer beside the API-read rule's, as every host shows it: one list of alerts, each naming its
// detection (ESCU id, name, risk, technique); the Graph/EWS reads per application, to show with an API-read
// alert; and the stories. Plain data only.

import type { Alert } from '../types.ts';
import type { PackAlert } from './model.ts';
import type { PackSink } from './pack-sink.ts';
import { API_READ_DETECTION, applicationReads, buildStories, type ApplicationReads, type Story } from './story.ts';

/** An API-read alert with the fields every alert of the report carries. */
export type TaggedAlert = Alert & { detection: string; detectionName: string; risk: number; technique: string };

export const tagApiAlert = (alert: Alert): TaggedAlert => ({
  ...alert,
  detection: API_READ_DETECTION.id,
  detectionName: API_READ_DETECTION.name,
  risk: alert.riskScore,
  technique: alert.mitre,
});

export interface PackResults {
  /** The API-read alerts (tagged) first, as before, then the pack's alerts, oldest first. */
  alerts: (TaggedAlert | PackAlert)[];
  packAlerts: PackAlert[];
  /** Per application, the mailboxes it read through Graph or EWS and when: shown with its API-read alert. */
  reads: ApplicationReads[];
  stories: { applications: Story[]; mailboxes: Story[] };
}

export function packResults(apiAlerts: Alert[], pack: PackSink | undefined): PackResults {
  const { alerts: packAlerts, context } = pack ? pack.results() : { alerts: [], context: [] };
  return {
    alerts: [...apiAlerts.map(tagApiAlert), ...packAlerts],
    packAlerts,
    reads: applicationReads(context),
    stories: buildStories({ packAlerts, context, apiAlerts }),
  };
}
