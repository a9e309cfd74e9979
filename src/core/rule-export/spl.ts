// SPL in the shape of Splunk's analytic (../../shared/detection-spec.md): the same macros, bucket, regex
// match, stats and where, tuned. The analytic's filter macro runs after stats, where it can drop a whole
// application (ClientAppId is a stats key) but not single events, so allow-listed apps go in the macro's
// body and allow-listed IPs are dropped before counting, as the engine does.

import { formatSpan } from '../time.ts';
import type { RuleParams } from '../types.ts';
import { allowList, describeTuning, EWS_PATTERN, GRAPH_APP_ID, TITLE } from './shared.ts';

export const SPLUNK_ANALYTIC_ID = '7cd853e9-d370-412f-965d-a2bcff2a2908';
const FILTER_MACRO = 'o365_multiple_mailboxes_accessed_via_api_filter';

const quote = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
// An SPL comment is ``` ... ```; each line of one is indented to read as a block.
const comment = (lines: string[]) => `\`\`\` ${lines.join('\n    ')} \`\`\``;

function notes(params: RuleParams): string[] {
  const span = formatSpan(params.spanMs);
  const notes: string[] = [];
  if (params.window === 'sliding') {
    notes.push(
      `Not expressible here: sliding windows. This search counts tumbling ${span} buckets, so a burst that`,
      'straddles a bucket edge can go unseen; UAL Triage looked at every interval of that length.',
    );
  }
  if (params.spanMs >= 3_600_000) {
    notes.push(
      'Splunk aligns buckets of an hour or more to the time zone of the user running the search;',
      'UAL Triage aligns them to UTC: run it as a user set to UTC for the same windows.',
    );
  }
  return notes;
}

export function splRule(params: RuleParams): string {
  const { apps, ips } = allowList(params);
  const splunk = params.profile === 'splunk';
  const macroBody = apps.length ? `search NOT ClientAppId IN (${apps.map(quote).join(', ')})` : 'search *';
  const lines = [
    comment([`${TITLE} (Splunk analytic ${SPLUNK_ANALYTIC_ID}), tuned:`, ...describeTuning(params)]),
    ...(notes(params).length ? [comment(notes(params))] : []),
    comment([
      'Allow-listed applications: the body of the filter macro (Settings > Advanced search > Search macros):',
      `  [${FILTER_MACRO}]`,
      `  definition = ${macroBody}`,
    ]),
    '`o365_management_activity` Workload=Exchange Operation=MailItemsAccessed AppId=* ClientAppId=*',
    '| eval ClientInfoString=coalesce(ClientInfoString, ""), OrganizationId=coalesce(OrganizationId, "") ``` stats by would drop events without them ```',
  ];
  if (ips.length) {
    lines.push(
      comment(['Allow-listed client IPs, dropped before counting: after stats one allowed IP would hide a whole window.']),
      '| eval client_ip=lower(trim(coalesce(ClientIPAddress, ClientIP, "")))',
      '| eval client_ip=case(match(client_ip, "^\\["), replace(client_ip, "^\\[([^\\]]*).*$", "\\1"), mvcount(split(client_ip, ":"))=2, mvindex(split(client_ip, ":"), 0), true(), client_ip)',
      '| eval client_ip=replace(client_ip, "^::ffff:(\\d{1,3}(\\.\\d{1,3}){3})$", "\\1")',
      `| search NOT client_ip IN (${ips.map(quote).join(', ')})`,
    );
  }
  lines.push(
    `| bucket span=${formatSpan(params.spanMs)} _time`,
    `| eval matchRegex=if(match(ClientInfoString, ${quote(EWS_PATTERN)}), 1, 0)`,
    `| search (AppId=${quote(GRAPH_APP_ID)} OR matchRegex=1)`,
  );
  if (splunk) {
    lines.push(
      '| stats values(ClientIPAddress) as src_ip dc(user) as unique_mailboxes values(user) as user by _time OrganizationId ClientAppId ClientInfoString',
    );
  } else {
    lines.push(
      '| eval mailbox=lower(coalesce(nullif(MailboxOwnerUPN, ""), nullif(MailboxGuid, ""), UserId))',
      '| stats values(ClientIPAddress) as src_ip dc(mailbox) as unique_mailboxes values(mailbox) as mailbox values(user) as user by _time OrganizationId ClientAppId ClientInfoString',
    );
  }
  lines.push(`| where unique_mailboxes > ${params.threshold}`, `| \`${FILTER_MACRO}\``);
  return `${lines.join('\n')}\n`;
}
