// Forwarding and inbox rules (T1114.003): mail leaves the mailbox, or is hidden from its owner, and keeps
// doing so after a password reset. Five ESCU analytics, each ported as written, and one analyst variant of
// "New Email Forwarding Rule Enabled" for the record format the analytic cannot read.

import { baseRow, clientApp, define, keys } from './define.ts';
import { entryValue, field, listOf, mv, mvfind, mvindex, parseJson, searchMatch, text, workloadOf } from './fields.ts';
import type { Row } from './model.ts';

const present = (v: string | undefined): v is string => v !== undefined;

export const mailboxEmailForwardingEnabled = define({
  id: '0b6bc75c-05d1-4101-9fc3-97e706168f24',
  name: 'O365 Mailbox Email Forwarding Enabled',
  version: 7,
  date: '2025-05-02',
  technique: 'T1114.003',
  risk: 42,
  type: 'TTP',
  operations: ['Set-Mailbox'],
  reads: ['top level', 'Parameters'],
  spl: '`o365_management_activity` Operation=Set-Mailbox | eval match1=mvfind(\'Parameters{}.Name\',"ForwardingAddress") | eval match2=mvfind(\'Parameters{}.Name\', "ForwardingSmtpAddress") | where match1>= 0 OR match2>= 0 | eval ForwardTo=coalesce(ForwardingAddress,ForwardingSmtpAddress) | search ForwardTo!="" | rename user_id as user | stats count earliest(_time) as firstTime latest(_time) as lastTime values(ForwardTo) as ForwardTo by signature dest user src vendor_account vendor_product object ObjectId | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_mailbox_email_forwarding_enabled_filter`',
  riskObject: 'user',
  fillnull: false,
  by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'object', 'ObjectId'],
  values: ['ForwardTo'],
  select(record) {
    const names = mv(record.Parameters, 'Name');
    if (mvfind(names, /ForwardingAddress/) === null && mvfind(names, /ForwardingSmtpAddress/) === null) return [];
    // coalesce prefers ForwardingAddress; `search ForwardTo!=""` drops a cleared forwarding (Value "").
    const forwardTo = field(record, 'ForwardingAddress') ?? field(record, 'ForwardingSmtpAddress');
    if (!forwardTo) return [];
    const row = baseRow(record);
    return [
      {
        ...row,
        user: field(record, 'UserId') ?? row.user, // rename user_id as user: the admin who ran Set-Mailbox
        ObjectId: field(record, 'ObjectId'),
        ForwardTo: forwardTo,
        _mailboxes: keys(field(record, 'Identity'), field(record, 'ObjectId')),
        _applications: clientApp(record),
      },
    ];
  },
  message: (g) => `Mailbox ${g.by.ObjectId} now forwards to ${[...g.values.ForwardTo].join(', ')} (set by ${g.by.user})`,
});

export const newEmailForwardingRuleCreated = define({
  id: '68469fd0-1315-44ba-b7e4-e92847bb76d6',
  name: 'O365 New Email Forwarding Rule Created',
  version: 7,
  date: '2025-05-02',
  technique: 'T1114.003',
  risk: 42,
  type: 'TTP',
  operations: ['New-InboxRule', 'set-InboxRule'],
  reads: ['top level', 'Parameters'],
  spl: '`o365_management_activity` (Operation=New-InboxRule OR Operation=set-InboxRule) | eval match1=mvfind(\'Parameters{}.Name\', "ForwardTo") | eval match2=mvfind(\'Parameters{}.Name\', "ForwardAsAttachmentTo") | eval match3=mvfind(\'Parameters{}.Name\', "RedirectTo") | where match1>= 0 OR match2>= 0 OR match3>= 0 | eval ForwardTo=coalesce(ForwardTo, ForwardAsAttachmentTo, RedirectTo) | fillnull | stats count min(_time) as firstTime max(_time) as lastTime values(Name) as Name by signature dest user src vendor_account vendor_product ForwardTo | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_new_email_forwarding_rule_created_filter`',
  riskObject: 'user',
  by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'ForwardTo'],
  values: ['Name'],
  select(record) {
    const names = mv(record.Parameters, 'Name');
    if ([/ForwardTo/, /ForwardAsAttachmentTo/, /RedirectTo/].every((re) => mvfind(names, re) === null)) return [];
    return [
      {
        ...baseRow(record),
        // coalesce: only the first of the three is reported (a rule with ForwardTo and RedirectTo shows ForwardTo)
        ForwardTo: field(record, 'ForwardTo') ?? field(record, 'ForwardAsAttachmentTo') ?? field(record, 'RedirectTo'),
        Name: field(record, 'Name'),
        _mailboxes: keys(field(record, 'Mailbox') ?? field(record, 'UserId')),
        _applications: clientApp(record),
      },
    ];
  },
  message: (g) => `Inbox rule forwarding to ${g.by.ForwardTo} created by ${g.by.user}`,
});

const RECIPIENTS_ACTION = /ForwardToRecipientsAction|ForwardAsAttachmentToRecipientsAction|RedirectToRecipientsAction/;
const STRICT_ADDRESS = /^[^@]+@[^@]+\.[^@]+$/;

/** spath path=a{}.b{}.c: every value at the path, arrays flattened at each step. */
function spath(json: string | undefined, steps: string[]): string[] {
  if (json === undefined) return [];
  let at: unknown[] = [parseJson(json)];
  for (const step of steps) {
    at = at
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map((v) => (v && typeof v === 'object' ? (v as Row)[step] : undefined))
      .filter((v) => v !== undefined && v !== null);
  }
  return at
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter((v) => typeof v !== 'object')
    .map(text);
}

const enabledBase = {
  version: 7,
  date: '2025-05-02',
  technique: 'T1114.003',
  risk: 42,
  type: 'TTP' as const,
  operations: ['UpdateInboxRules'],
  reads: ['top level' as const, 'OperationProperties' as const],
  riskObject: 'user',
};

export const newEmailForwardingRuleEnabled = define({
  ...enabledBase,
  id: 'ac7c4d0a-06a3-4278-aa59-88a5e537f981',
  name: 'O365 New Email Forwarding Rule Enabled',
  spl: '`o365_management_activity` Workload=Exchange Operation=UpdateInboxRules | eval match1=mvfind(\'OperationProperties{}.Value\', "ForwardToRecipientsAction") | eval match2=mvfind(\'OperationProperties{}.Value\', "ForwardAsAttachmentToRecipientsAction") | eval match3=mvfind(\'OperationProperties{}.Value\', "RedirectToRecipientsAction") | eval index = mvfind(\'OperationProperties{}.Name\', "ServerRule") | where match1>=0 OR match2>= 0 OR match3>= 0 | eval ServerRule = mvindex(\'OperationProperties{}.Value\',index-1) | spath input=ServerRule path=Actions{}.Recipients{}.Values{}.Value output=valueExtracted | mvexpand valueExtracted | search valueExtracted="*@*.*" | eval ForwardTo=if(match(valueExtracted,"^[^@]+@[^@]+\\\\.[^@]+$"), valueExtracted, null) | dedup ForwardTo | where isnotnull(ForwardTo) | fillnull | stats count min(_time) as firstTime max(_time) as lastTime values(Name) as Name by signature dest user src vendor_account vendor_product ForwardTo | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_new_email_forwarding_rule_enabled_filter`',
  by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'ForwardTo'],
  values: ['Name'],
  // One row per forwarding address over the whole search, the newest: several mailboxes forwarding to
  // one address show as one row naming one user. As written; the analyst variant keeps them all.
  dedup: 'ForwardTo',
  select(record) {
    if (workloadOf(record) !== 'Exchange') return [];
    const values = mv(record.OperationProperties, 'Value');
    if (mvfind(values, RECIPIENTS_ACTION) === null) return [];
    // index-1 into the list of Values: Splunk's {}.Value list skips entries without a Value, which is what
    // the -1 compensates for in the records the analytic was written on. Index 0 gives -1: the last Value.
    const index = mvfind(mv(record.OperationProperties, 'Name'), /ServerRule/);
    const serverRule = mvindex(values, index === null ? null : index - 1);
    const row = { ...baseRow(record), Name: field(record, 'Name'), _mailboxes: keys(field(record, 'MailboxOwnerUPN')), _applications: clientApp(record) };
    return spath(serverRule, ['Actions', 'Recipients', 'Values', 'Value'])
      .filter((value) => searchMatch(value, '*@*.*') && STRICT_ADDRESS.test(value))
      .map((value) => ({ ...row, ForwardTo: value }));
  },
  message: (g) => `Inbox rule forwarding to ${g.by.ForwardTo} enabled for ${g.by.user}`,
});

const FORWARD_ACTION = /^(Forward|ForwardAsAttachment|Redirect)$/i;
const ADDRESS = /^(?:smtp:)?[^@\s]+@[^@\s]+\.[^@\s]+$/i;

function addressesIn(value: unknown): string[] {
  if (typeof value === 'string') return ADDRESS.test(value.trim()) ? [value.trim()] : [];
  if (Array.isArray(value)) return value.flatMap(addressesIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(addressesIn);
  return [];
}

export const newEmailForwardingRuleEnabledAnalyst = define({
  ...enabledBase,
  id: 'ac7c4d0a-06a3-4278-aa59-88a5e537f981',
  name: 'O365 New Email Forwarding Rule Enabled (analyst variant)',
  analyst:
    'Also reads the RuleActions format Outlook writes since 2024 (ActionType Forward, ForwardAsAttachment or Redirect), which has no ServerRule and no *RecipientsAction value and which the analytic never matches; takes the ServerRule entry by its own name rather than by position; keeps one row per mailbox and address instead of one per address over the whole search; skips rule removals.',
  spl: '',
  by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'MailboxOwnerUPN', 'ForwardTo'],
  values: ['RuleName', 'RuleOperation'],
  select(record) {
    if (workloadOf(record) !== 'Exchange') return [];
    const props = record.OperationProperties;
    const operation = entryValue(props, 'RuleOperation');
    if (operation && /remove|delete/i.test(operation)) return [];
    const addresses: string[] = [];
    if (mvfind(mv(props, 'Value'), RECIPIENTS_ACTION) !== null)
      addresses.push(...spath(entryValue(props, 'ServerRule'), ['Actions', 'Recipients', 'Values', 'Value']).filter((v) => STRICT_ADDRESS.test(v)));
    const actions = entryValue(props, 'RuleActions');
    for (const action of listOf(actions === undefined ? undefined : parseJson(actions))) {
      if (action && typeof action === 'object' && FORWARD_ACTION.test(text((action as Row).ActionType)))
        addresses.push(...addressesIn((action as Row).Recipients));
    }
    const row = {
      ...baseRow(record),
      MailboxOwnerUPN: field(record, 'MailboxOwnerUPN'),
      RuleName: entryValue(props, 'RuleName') || undefined,
      RuleOperation: operation,
      _mailboxes: keys(field(record, 'MailboxOwnerUPN')),
      _applications: clientApp(record),
    };
    return [...new Set(addresses)].filter(present).map((value) => ({ ...row, ForwardTo: value }));
  },
  message: (g) => `Inbox rule forwarding ${g.by.MailboxOwnerUPN} to ${g.by.ForwardTo} (changed by ${g.by.user})`,
});

export const newForwardingMailflowRuleCreated = define({
  id: '289ed0a1-4c78-4a43-9321-44ea2e089c14',
  name: 'O365 New Forwarding Mailflow Rule Created',
  version: 6,
  date: '2025-05-02',
  technique: 'T1114',
  risk: 42,
  type: 'TTP',
  operations: ['New-TransportRule'],
  reads: ['top level', 'Parameters'],
  spl: '`o365_management_activity` Workload=Exchange Operation="New-TransportRule" | eval match1=mvfind(\'Parameters{}.Name\',"BlindCopyTo") | eval match2=mvfind(\'Parameters{}.Name\',"CopyTo") | eval match3=mvfind(\'Parameters{}.Name\', "RedirectMessageTo") | where match1>= 0 OR match2>= 0 OR match3>=0 | eval ForwardTo=coalesce(BlindCopyTo, CopyTo, RedirectMessageTo) | search ForwardTo!="" | rename UserId as user | fillnull | stats count earliest(_time) as firstTime latest(_time) as lastTime by user, Name, ForwardTo, vendor_account, vendor_product, dest, signature | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_new_forwarding_mailflow_rule_created_filter`',
  riskObject: 'user',
  by: ['user', 'Name', 'ForwardTo', 'vendor_account', 'vendor_product', 'dest', 'signature'],
  select(record) {
    if (workloadOf(record) !== 'Exchange') return [];
    const names = mv(record.Parameters, 'Name');
    // "CopyTo" also matches BlindCopyTo; harmless, since coalesce takes BlindCopyTo first.
    if ([/BlindCopyTo/, /CopyTo/, /RedirectMessageTo/].every((re) => mvfind(names, re) === null)) return [];
    const forwardTo = field(record, 'BlindCopyTo') ?? field(record, 'CopyTo') ?? field(record, 'RedirectMessageTo');
    if (!forwardTo) return [];
    const row = baseRow(record);
    return [{ ...row, user: field(record, 'UserId') ?? row.user, Name: field(record, 'Name'), ForwardTo: forwardTo, _applications: clientApp(record) }];
  },
  message: (g) => `Transport rule ${g.by.Name} copies or redirects mail to ${g.by.ForwardTo} (created by ${g.by.user})`,
});

const INBOX_RULE_ACTIONS = ['SoftDeleteMessage', 'DeleteMessage', 'ForwardTo', 'ForwardAsAttachmentTo', 'RedirectTo', 'MoveToFolder', 'CopyToFolder'];

/** The analytic's own src: [v6]:port and v4:port lose the port; a bare IPv6 is cut at its first colon, as written. */
export function inboxRuleSrc(clientIp: string | undefined): string | undefined {
  if (clientIp === undefined) return undefined;
  if (/^\[/.test(clientIp)) return clientIp.split(']:')[0].replace(/^\[+/, '');
  return clientIp.split(':')[0];
}

export const emailNewInboxRuleCreated = define({
  id: '449f525a-7b42-47be-96a7-d9724e336c19',
  name: 'O365 Email New Inbox Rule Created',
  version: 2,
  date: '2025-05-02',
  technique: 'T1114.003, T1564.008',
  risk: 10,
  type: 'Anomaly',
  operations: ['New-InboxRule', 'Set-InboxRule'],
  reads: ['top level', 'Parameters'],
  spl: '`o365_management_activity` Workload=Exchange AND (Operation=New-InboxRule OR Operation=Set-InboxRule) Parameters{}.Name IN (SoftDeleteMessage,DeleteMessage,ForwardTo,ForwardAsAttachmentTo,RedirectTo,MoveToFolder,CopyToFolder) | eval file_path = mvappend(MoveToFolder,CopyToFolder), recipient=mvappend(ForwardTo, ForwardAsAttachmentTo, RedirectTo), user = lower(UserId), signature = Operation, src = if(match(ClientIP, "^\\["), ltrim(mvindex(split(ClientIP, "]:"), 0), "["), mvindex(split(ClientIP,":"),0)), desc = Name, action = \'Parameters{}.Name\' | stats values(action) as action, values(src) as src, values(recipient) as recipient, values(file_path) as file_path, count, min(_time) as firstTime, max(_time) as lastTime by user, signature, desc | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_email_new_inbox_rule_created_filter`',
  riskObject: 'user',
  fillnull: false,
  by: ['user', 'signature', 'desc'],
  values: ['action', 'src', 'recipient', 'file_path'],
  select(record) {
    if (workloadOf(record) !== 'Exchange') return [];
    const names = mv(record.Parameters, 'Name');
    if (!names.some((n) => INBOX_RULE_ACTIONS.some((a) => searchMatch(n, a)))) return [];
    const userId = field(record, 'UserId');
    return [
      {
        user: userId?.toLowerCase(),
        signature: text(record.Operation),
        desc: field(record, 'Name'),
        action: names,
        src: inboxRuleSrc(field(record, 'ClientIP')),
        recipient: [field(record, 'ForwardTo'), field(record, 'ForwardAsAttachmentTo'), field(record, 'RedirectTo')].filter(present),
        file_path: [field(record, 'MoveToFolder'), field(record, 'CopyToFolder')].filter(present),
        _mailboxes: keys(field(record, 'Mailbox') ?? userId),
        _applications: clientApp(record),
      },
    ];
  },
  message: (g) => `Inbox rule "${g.by.desc}" (${[...g.values.action].filter((a) => INBOX_RULE_ACTIONS.includes(a)).join(', ')}) by ${g.by.user}`,
});

export const FORWARDING = [
  mailboxEmailForwardingEnabled,
  newEmailForwardingRuleCreated,
  newEmailForwardingRuleEnabled,
  newEmailForwardingRuleEnabledAnalyst,
  newForwardingMailflowRuleCreated,
  emailNewInboxRuleCreated,
];
