// Search and export (T1114, T1114.002): collecting many mailboxes at once without a single
// MailItemsAccessed record, through eDiscovery content searches, or looking for what to take (an account's
// own mailbox searches). Four ESCU analytics as written.

import { baseRow, define, keys } from './define.ts';
import { field, listOf, searchMatch, text, workloadOf, type AuditRecord } from './fields.ts';

const locations = (record: AuditRecord): string[] => {
  const value = record.ExchangeLocations;
  if (Array.isArray(value)) return listOf(value).map(text).filter(Boolean);
  const one = field(record, 'ExchangeLocations');
  return one === undefined ? [] : [one];
};

// `stats by ExchangeLocations` over a multivalue field counts the event once under each location. A field
// absent from every record still fills as "0" here, where Splunk may return no row (docs/detections.md).
function contentSearch(id: string, name: string, operation: string, spl: string) {
  return define({
    id,
    name,
    version: 8,
    date: '2025-05-02',
    technique: 'T1114.002',
    risk: 42,
    type: 'TTP',
    operations: [operation],
    reads: ['top level'],
    spl,
    riskObject: 'user',
    by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'ExchangeLocations', 'Query'],
    select(record) {
      if (workloadOf(record) !== 'SecurityComplianceCenter') return [];
      const row = baseRow(record);
      const base = { ...row, user: row.user_id ?? row.user, Query: field(record, 'Query') };
      const all = locations(record);
      return (all.length ? all : [undefined]).map((location) => ({
        ...base,
        ExchangeLocations: location,
        _mailboxes: keys(location?.includes('@') ? location : undefined),
      }));
    },
    message: (g) =>
      `Content search ${operation === 'SearchExported' ? 'exported' : 'created'} by ${g.by.user} over ${g.by.ExchangeLocations} (query ${g.by.Query})`,
  });
}

export const complianceContentSearchStarted = contentSearch(
  'f4cabbc7-c19a-4e41-8be5-98daeaccbb50',
  'O365 Compliance Content Search Started',
  'SearchCreated',
  '`o365_management_activity` Workload=SecurityComplianceCenter Operation=SearchCreated | rename user_id as user | fillnull | stats count min(_time) as firstTime max(_time) as lastTime by signature dest user src vendor_account vendor_product ExchangeLocations Query | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_compliance_content_search_started_filter`',
);

export const complianceContentSearchExported = contentSearch(
  '2ce9f31d-ab4f-4179-b2b7-c77a9652e1d8',
  'O365 Compliance Content Search Exported',
  'SearchExported',
  '`o365_management_activity` Workload=SecurityComplianceCenter Operation="SearchExported" | rename user_id as user | fillnull | stats count min(_time) as firstTime max(_time) as lastTime by signature dest user src vendor_account vendor_product ExchangeLocations Query | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_compliance_content_search_exported_filter`',
);

const PST_ALERT = 'eDiscovery search started or exported';

export const pstExportAlert = define({
  id: '5f694cc4-a678-4a60-9410-bffca1b647dc',
  name: 'O365 PST export alert',
  version: 7,
  date: '2025-05-02',
  technique: 'T1114',
  risk: 48,
  type: 'TTP',
  // No Operation in the search: AlertTriggered, AlertEntityGenerated and AlertUpdated all match. The
  // byte-level skip looks for the alert's name instead.
  operations: ['*'],
  needles: [PST_ALERT],
  reads: ['top level'],
  spl: '`o365_management_activity` Category=ThreatManagement Name="eDiscovery search started or exported" | fillnull | stats count earliest(_time) as firstTime latest(_time) as lastTime by Source Severity AlertEntityId Name user src vendor_account vendor_product dest signature | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_pst_export_alert_filter`',
  riskObject: 'user',
  by: ['Source', 'Severity', 'AlertEntityId', 'Name', 'user', 'src', 'vendor_account', 'vendor_product', 'dest', 'signature'],
  // The scored user is usually the system account SecurityComplianceAlerts; the actor is the alert's
  // ObjectId, kept beside the analytic's output.
  values: ['ObjectId'],
  select(record) {
    if (!searchMatch(field(record, 'Category'), 'ThreatManagement') || !searchMatch(field(record, 'Name'), PST_ALERT)) return [];
    return [
      {
        ...baseRow(record),
        Source: field(record, 'Source'),
        Severity: field(record, 'Severity'),
        AlertEntityId: field(record, 'AlertEntityId'),
        Name: field(record, 'Name'),
        ObjectId: field(record, 'ObjectId'),
      },
    ];
  },
  message: (g) => `Microsoft alert "${PST_ALERT}" (${g.by.Severity}) for ${[...g.values.ObjectId].join(', ') || g.by.user}`,
});

/** o365_suspect_search_terms_regex, as the macro ships (its "Electonic" included). */
export const SUSPECT_SEARCH_TERMS =
  /password|credential|login|passwd|shadow|active directory|account|username|network|computer|access|MFA|bank|deposit|payroll|EFT|Electonic Funds|routing/i;

export const emailSuspiciousSearchBehavior = define({
  id: '3b6e1d36-6916-4eec-a7d5-bc98953ba595',
  name: 'O365 Email Suspicious Search Behavior',
  version: 2,
  date: '2025-05-02',
  technique: 'T1114.002, T1552',
  risk: 35,
  type: 'Anomaly',
  operations: ['SearchQueryInitiatedExchange'],
  reads: ['top level'],
  per: 'window',
  binMs: 3_600_000,
  spl: '`o365_management_activity` Operation=SearchQueryInitiatedExchange | eval command = case(Operation=="SearchQueryPerformed",SearchQueryText,true(),QueryText), UserId = lower(UserId), signature_id = CorrelationId, signature=Operation, src = ClientIP, user = lower(UserId), object_name=case(Operation=="SearchQueryPerformed",\'EventData\',true(),QuerySource), -time = _time, suspect_terms = case(match(command, `o365_suspect_search_terms_regex`),command,true(),null()) | where command != "*" AND command != "(*)" | bin _time span=1hr | `o365_email_suspicious_search_behavior_filter` | stats values(ScenarioName) as app, values(object_name) as object_name values(command) as command, values(suspect_terms) as suspect_terms, values(src) as src, dc(suspect_terms) as suspect_terms_count, dc(command) as count, min(-time) as firstTime, max(-time) as lastTime by user,signature,_time | where count > 20 OR suspect_terms_count >= 2 | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)`',
  riskObject: 'user',
  fillnull: false,
  by: ['user', 'signature'],
  values: ['app', 'object_name', 'command', 'suspect_terms', 'src'],
  threshold: { name: 'distinct queries', default: 20, description: 'alert when one user runs more than this many distinct searches in an hour' },
  select(record) {
    const command = field(record, 'QueryText');
    // `where command != "*"` is a literal compare; a record without QueryText makes it null and is dropped.
    if (command === undefined || command === '*' || command === '(*)') return [];
    return [
      {
        user: field(record, 'UserId')?.toLowerCase(),
        signature: text(record.Operation),
        command,
        suspect_terms: SUSPECT_SEARCH_TERMS.test(command) ? command : undefined,
        src: field(record, 'ClientIP'),
        object_name: field(record, 'QuerySource'),
        app: field(record, 'ScenarioName'),
        _mailboxes: keys(field(record, 'MailboxOwnerUPN') ?? field(record, 'UserId')),
      },
    ];
  },
  where: (g, options) => g.values.command.size > (options.thresholds['3b6e1d36-6916-4eec-a7d5-bc98953ba595'] ?? 20) || g.values.suspect_terms.size >= 2,
  message: (g) => `${g.by.user} ran ${g.values.command.size} distinct mailbox searches in an hour, ${g.values.suspect_terms.size} with suspect terms`,
});

export const SEARCH_EXPORT = [complianceContentSearchStarted, complianceContentSearchExported, pstExportAlert, emailSuspiciousSearchBehavior];
