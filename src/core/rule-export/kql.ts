// KQL for Microsoft Sentinel's OfficeActivity table, then the same rule over Defender XDR's CloudAppEvents,
// whose RawEventData is the AuditData record. Each source is first renamed to OfficeActivity's columns, so
// the rule below it is one text. Distinct counts use array_length(make_set()): dcount() is an estimate.
// Kusto can say sliding windows (a self-join per start, then runs chained with prev()), so both modes are exact.

import { formatSpan } from '../time.ts';
import type { RuleParams } from '../types.ts';
import { allowList, describeTuning, EWS_PATTERN, GRAPH_APP_ID, SELECTED_OPERATION, TITLE } from './shared.ts';

const quote = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const dynamicList = (values: string[]) => `dynamic([${values.map(quote).join(', ')}])`;

const SENTINEL = `OfficeActivity
| where OfficeWorkload == "Exchange" and Operation == ${quote(SELECTED_OPERATION)}`;

const DEFENDER = `CloudAppEvents
| where ActionType == ${quote(SELECTED_OPERATION)}
| extend OfficeWorkload = tostring(RawEventData.Workload), Operation = tostring(RawEventData.Operation),
    OrganizationId = tostring(RawEventData.OrganizationId), AppId = tostring(RawEventData.AppId),
    ClientAppId = tostring(RawEventData.ClientAppId), ClientInfoString = tostring(RawEventData.ClientInfoString),
    UserId = tostring(RawEventData.UserId), MailboxOwnerUPN = tostring(RawEventData.MailboxOwnerUPN),
    MailboxGuid = tostring(RawEventData.MailboxGuid), Client_IPAddress = tostring(RawEventData.ClientIPAddress),
    ClientIP = tostring(RawEventData.ClientIP),
    TimeGenerated = coalesce(todatetime(RawEventData.CreationTime), Timestamp)
| where OfficeWorkload == "Exchange" and Operation == ${quote(SELECTED_OPERATION)}`;

function events(source: string, params: RuleParams): string {
  const mailbox = params.profile === 'splunk' ? 'UserId' : 'tolower(coalesce(MailboxOwnerUPN, MailboxGuid, UserId))';
  return `let events = ${source}
| extend AppId = trim(@"\\s+", AppId), ClientAppId = trim(@"\\s+", ClientAppId)
| where isnotempty(AppId) and isnotempty(ClientAppId)
| where AppId =~ ${quote(GRAPH_APP_ID)} or ClientInfoString matches regex ${quote(EWS_PATTERN)}
| extend ClientIp = tolower(trim(@"\\s+", coalesce(Client_IPAddress, ClientIP)))
| extend ClientIp = case(ClientIp in ("<null>", "null"), "",
    ClientIp startswith "[", extract(@"^\\[([^\\]]*)", 1, ClientIp),
    countof(ClientIp, ":") == 1, tostring(split(ClientIp, ":")[0]),
    ClientIp)
| extend ClientIp = coalesce(extract(@"^::ffff:(\\d{1,3}(\\.\\d{1,3}){3})$", 1, ClientIp), ClientIp)
| where ClientAppId !in~ (allowedApps) and (isempty(ClientIp) or ClientIp !in (allowedIps))
| project Time = TimeGenerated, OrganizationId, ClientAppId, ClientInfoString, Mailbox = ${mailbox}, UserId, ClientIp;`;
}

const COLUMNS = `Mailboxes = make_set(Mailbox), Users = make_set(UserId), SrcIps = make_set_if(ClientIp, isnotempty(ClientIp)),
    Events = count(), FirstEvent = min(Time), LastEvent = max(Time)`;
const OUTPUT = 'WindowStart, WindowEnd, OrganizationId, ClientAppId, ClientInfoString, UniqueMailboxes, Mailboxes, Users, SrcIps, Events';

const TUMBLING = `events
| summarize ${COLUMNS}
    by WindowStart = bin_at(Time, span, datetime(1970-01-01)), OrganizationId, ClientAppId, ClientInfoString
| extend UniqueMailboxes = array_length(Mailboxes), WindowEnd = WindowStart + span
| where UniqueMailboxes > threshold
| project ${OUTPUT}`;

// Every interval [start, start + span) that starts at an event and holds more than threshold mailboxes
// qualifies; overlapping qualifying intervals chain into one alert, from its first event to its last.
const SLIDING = `let qualifying = events
| summarize by OrganizationId, ClientAppId, ClientInfoString, Start = Time
| join kind=inner events on OrganizationId, ClientAppId, ClientInfoString
| where Time >= Start and Time < Start + span
| summarize StartMailboxes = make_set(Mailbox) by OrganizationId, ClientAppId, ClientInfoString, Start
| extend Count = array_length(StartMailboxes)
| where Count > threshold;
qualifying
| order by OrganizationId asc, ClientAppId asc, ClientInfoString asc, Start asc
| extend Opens = iff(row_number() == 1 or prev(OrganizationId) != OrganizationId or prev(ClientAppId) != ClientAppId
    or prev(ClientInfoString) != ClientInfoString or prev(Start) + span <= Start, 1, 0)
| extend Run = row_cumsum(Opens)
| summarize WindowStart = min(Start), LastStart = max(Start), UniqueMailboxes = max(Count)
    by OrganizationId, ClientAppId, ClientInfoString, Run
| join kind=inner events on OrganizationId, ClientAppId, ClientInfoString
| where Time >= WindowStart and Time < LastStart + span
| summarize ${COLUMNS}
    by WindowStart, OrganizationId, ClientAppId, ClientInfoString, UniqueMailboxes, Run
| extend WindowEnd = LastEvent
| project ${OUTPUT}`;

function query(title: string, source: string, params: RuleParams): string {
  const { apps, ips } = allowList(params);
  return `// ${title}
${describeTuning(params)
  .map((line) => `// ${line}`)
  .join('\n')}
let threshold = ${params.threshold};
let span = ${formatSpan(params.spanMs)};
let allowedApps = ${dynamicList(apps)};
let allowedIps = ${dynamicList(ips)};
${events(source, params)}
${params.window === 'sliding' ? SLIDING : TUMBLING}
`;
}

export function kqlRule(params: RuleParams): string {
  return `${query(`${TITLE}: Microsoft Sentinel, OfficeActivity`, SENTINEL, params)}
// ---- The same rule for Microsoft Defender XDR advanced hunting (or Sentinel), over CloudAppEvents. ----
// Run one query at a time: select it, then Run.
${query(`${TITLE}: Microsoft Defender XDR, CloudAppEvents`, DEFENDER, params)}`;
}
