// What every target's text is built from: the analytic's fixed constants, the allow-list as the engine
// compares it, and the tuning in words for header comments.

import { EWS_CLIENT, GRAPH_APP_ID, SELECTED_OPERATION } from '../normalise.ts';
import { formatSpan } from '../time.ts';
import type { RuleParams } from '../types.ts';
export const TITLE = 'O365 Multiple Mailboxes Accessed via API';
export { EWS_CLIENT, GRAPH_APP_ID, SELECTED_OPERATION };
export const EWS_PATTERN = EWS_CLIENT.source;

/** The allow-list as the engine compares it: trimmed, lower-cased, without blanks or repeats. */
export function allowList(params: RuleParams): { apps: string[]; ips: string[] } {
  const clean = (list: string[]) => [...new Set(list.map((a) => a.trim().toLowerCase()).filter(Boolean))];
  return { apps: clean(params.allowApps), ips: clean(params.allowIps) };
}

/** The tuning in words, for each target's header comment (no user-typed text: that only goes in literals). */
export function describeTuning(params: RuleParams): string[] {
  const { apps, ips } = allowList(params);
  const mailbox =
    params.profile === 'splunk'
      ? 'profile splunk: distinct UserId, case-sensitive, as dc(user)'
      : 'profile mailbox: distinct mailboxes read (MailboxOwnerUPN, else MailboxGuid, else UserId), lower-cased';
  const window =
    params.window === 'sliding'
      ? `sliding ${formatSpan(params.spanMs)} windows (any interval of that length; overlapping hits merged)`
      : `tumbling ${formatSpan(params.spanMs)} windows aligned to the Unix epoch, UTC`;
  return [
    `Alert when one application (tenant, ClientAppId, ClientInfoString) reads more than ${params.threshold} mailboxes`,
    `in ${window}; ${mailbox}.`,
    `Allow-list (events dropped before counting): ${apps.length} ClientAppId value(s), ${ips.length} client IP(s).`,
    'Exported from UAL Triage; MITRE ATT&CK T1114.002.',
  ];
}

/** Span in seconds, and whether it is whole seconds (targets that count in seconds need to say when not). */
export const spanSeconds = (params: RuleParams) => ({ seconds: params.spanMs / 1000, whole: params.spanMs % 1000 === 0 });
