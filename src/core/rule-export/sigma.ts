// A Sigma v2 correlation rule (value_count of the mailbox field per application, over the timespan) and the
// base rule it correlates: the analytic's selection, with the allow-list as filters so allowed events are
// dropped before counting. Sigma has no computed fields and leaves window alignment to each backend; the
// header comment says what that changes.

import type { RuleParams } from '../types.ts';
import { allowList, describeTuning, EWS_PATTERN, GRAPH_APP_ID, SELECTED_OPERATION, TITLE } from './shared.ts';

export const SIGMA_BASE_RULE = 'o365_mail_items_accessed_via_api';
const CORRELATION_ID = '3f6c2a8e-5b1d-4e7a-9c40-8d2e61b7a905';
const BASE_ID = 'b82d4e13-6a9f-4c05-8e71-2f5a9d3c6b48';

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
const list = (indent: string, values: string[]) => values.map((v) => `${indent}- ${quote(v)}`).join('\n');

/** Sigma timespans are a number and one of s, m, h, d. */
function timespan(spanMs: number): { text: string; exact: boolean } {
  for (const [unit, ms] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (spanMs % ms === 0) return { text: `${spanMs / ms}${unit}`, exact: true };
  }
  return { text: `${Math.ceil(spanMs / 1000)}s`, exact: false };
}

function notes(params: RuleParams): string[] {
  const span = timespan(params.spanMs);
  const notes = [
    params.window === 'sliding'
      ? 'Not expressible in Sigma: sliding windows with overlapping hits merged. Whether timespan slides or'
      : 'Not expressible in Sigma: tumbling windows aligned to the Unix epoch. Whether timespan slides or',
    '  uses fixed buckets is up to the conversion backend, and so are the windows this rule alerts on.',
  ];
  if (params.profile === 'mailbox') {
    notes.push(
      'Not expressible in Sigma: a computed field. UAL Triage counted the mailbox read (MailboxOwnerUPN, else',
      '  MailboxGuid, else UserId) lower-cased; this rule counts MailboxOwnerUPN as stored, so records without it',
      '  are not counted and spellings that differ in case may count twice.',
    );
  }
  if (!span.exact) notes.push(`The span (${params.spanMs} ms) is not whole seconds: rounded up to ${span.text}.`);
  notes.push('Sigma matches plain values without regard to case, so Workload and Operation do too (the engine does not).');
  return notes;
}

function filters(params: RuleParams): { yaml: string; names: string[] } {
  const { apps, ips } = allowList(params);
  const parts: string[] = [];
  const names: string[] = [];
  if (apps.length) {
    names.push('filter_allowed_apps');
    parts.push(`    filter_allowed_apps:\n        ClientAppId:\n${list('            ', apps)}`);
  }
  if (ips.length) {
    // The engine compares the address without a port or brackets, and IPv4-mapped IPv6 as IPv4.
    const exact = ips.flatMap((ip) => (ip.includes(':') ? [ip] : [ip, `::ffff:${ip}`]));
    const prefixes = ips.flatMap((ip) => (ip.includes(':') ? [`[${ip}]`] : [`${ip}:`, `[::ffff:${ip}]`]));
    names.push('filter_allowed_ips');
    parts.push(
      `    filter_allowed_ips:\n        - ClientIPAddress:\n${list('              ', exact)}\n        - ClientIPAddress|startswith:\n${list('              ', prefixes)}`,
    );
  }
  return { yaml: parts.map((p) => `${p}\n`).join(''), names };
}

export function sigmaRule(params: RuleParams): string {
  const span = timespan(params.spanMs);
  const field = params.profile === 'splunk' ? 'UserId' : 'MailboxOwnerUPN';
  const { yaml, names } = filters(params);
  const condition = ['selection and (api_graph or api_ews) and not filter_missing_ids', ...names.map((n) => `not ${n}`)].join(' and ');
  const comments = [`${TITLE}: Sigma correlation rule (specification v2)`, ...describeTuning(params), '', ...notes(params)];
  return `${comments.map((line) => (line ? `# ${line}` : '#')).join('\n')}
title: ${TITLE}
id: ${CORRELATION_ID}
status: experimental
description: One application (ClientAppId) read more than ${params.threshold} distinct mailboxes through Microsoft Graph or Exchange Web Services within ${span.text}, which hints at mass mail collection.
references:
    - https://attack.mitre.org/techniques/T1114/002/
    - https://github.com/splunk/security_content/blob/develop/detections/cloud/o365_multiple_mailboxes_accessed_via_api.yml
author: UAL Triage (exported tuning of the Splunk analytic by Mauricio Velazco)
tags:
    - attack.collection
    - attack.t1114.002
correlation:
    type: value_count
    rules:
        - ${SIGMA_BASE_RULE}
    group-by:
        - OrganizationId
        - ClientAppId
        - ClientInfoString
    timespan: ${span.text}
    condition:
        field: ${field}
        gt: ${params.threshold}
falsepositives:
    - Applications that legitimately read many mailboxes through an API (backup, archiving, eDiscovery); allow-list them by ClientAppId or client IP
level: medium
---
title: Mailbox items accessed through Microsoft Graph or EWS
id: ${BASE_ID}
name: ${SIGMA_BASE_RULE}
description: MailItemsAccessed audit records of Exchange Online mailboxes read by an application through Microsoft Graph or Exchange Web Services.
logsource:
    product: m365
    service: audit
detection:
    selection:
        Workload: Exchange
        Operation: ${SELECTED_OPERATION}
    api_graph:
        AppId: ${quote(GRAPH_APP_ID)}
    api_ews:
        ClientInfoString|re: ${quote(EWS_PATTERN)}
    filter_missing_ids:
        - AppId: null
        - AppId: ''
        - ClientAppId: null
        - ClientAppId: ''
${yaml}    condition: ${condition}
`;
}
