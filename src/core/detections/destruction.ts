// Destruction and Microsoft's own alerts: a message sent and then hard-deleted from Sent Items or
// Recoverable Items within the hour (T1070.008), and the four built-in Defender for Office alerts on
// abusive sending and forwarding (T1114.003). Two ESCU analytics as written.

import { parseTimestamp } from '../time.ts';
import { baseRow, define, keys } from './define.ts';
import { field, listOf, path, searchMatch, text, workloadOf, type AuditRecord } from './fields.ts';

const SENDS = ['Send', 'SendAs', 'SendOnBehalf'];
const DELETE_FOLDERS = ['\\Sent Items', '\\Recoverable Items\\Deletions'];

/** AffectedItems{}.<key>: one value per affected item that has it. */
const affected = (record: AuditRecord, key: string) =>
  listOf(record.AffectedItems)
    .map((item) => (item && typeof item === 'object' ? (item as AuditRecord)[key] : undefined))
    .filter((v) => v !== undefined && v !== null)
    .map(text);

export const emailSendAndHardDeleteSuspiciousBehavior = define({
  id: 'c97b3d72-0a47-46f9-b742-b89f1cc2d551',
  name: 'O365 Email Send and Hard Delete Suspicious Behavior',
  version: 2,
  date: '2025-05-02',
  technique: 'T1114.001, T1070.008, T1485',
  risk: 20,
  type: 'Anomaly',
  operations: ['Send*', 'HardDelete'],
  // As the Operation value starts in the record's bytes: "Send..., not every Sender or SendAs field.
  needles: ['"Send', 'HardDelete'],
  reads: ['top level', 'Item'],
  spl: '`o365_management_activity` Workload=Exchange (Operation IN ("Send*")) OR (Operation IN ("HardDelete") AND Folder.Path IN ("\\\\Sent Items","\\\\Recoverable Items\\\\Deletions")) | eval user = lower(UserId), sender = lower(CASE(isnotnull(SendAsUserSmtp),SendAsUserSmtp,isnotnull(SendOnBehalfOfUserSmtp),SendOnBehalfOfUserSmtp,true(),MailboxOwnerUPN)), subject = trim(CASE(Operation IN ("Send","SendAs","SendOnBehalf"),\'Item.Subject\',Operation IN ("SoftDelete","HardDelete"),\'AffectedItems{}.Subject\')), -time = _time,file_name = CASE(Operation IN ("Send","SendAs","SendOnBehalf"),split(\'Item.Attachments\',"; "),Operation IN ("SoftDelete","HardDelete"),split(\'AffectedItems{}.Attachments\',"; ")), file_size = CASE(Operation IN ("Send","SendAs","SendOnBehalf"),round(tonumber(\'Item.SizeInBytes\')/1024/1024,2),true(),round(tonumber(replace(file_name, "(.+)\\s\\((\\d+)(b\\)$)", "\\2"))/1024/1024,2)) | eval sendtime = CASE(Operation IN ("Send","SendAs","SendOnBehalf"),_time) | eval deltime = CASE(Operation IN ("SoftDelete","HardDelete"),_time) | stats values(sender) as sender, values(ClientIPAddress) as src, values(ClientInfoString) as http_user_agent, values(Operation) as signature, values(file_name) as file_name, sum(file_size) as file_size, values(Folder.Path) as file_path, min(sendtime) as firstTime, max(deltime) as lastTime, dc(Operation) as opcount, count by subject,user | eval timediff = tonumber(lastTime) - tonumber(firstTime) | where opcount > 1 AND firstTime < lastTime  AND timediff < 3600 | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_email_send_and_hard_delete_suspicious_behavior_filter`',
  riskObject: 'user',
  fillnull: false,
  by: ['subject', 'user'],
  values: ['sender', 'src', 'http_user_agent', 'signature', 'file_name', 'file_path'],
  min: ['sendtime'],
  max: ['deltime'],
  select(record) {
    // In `search`, OR binds tighter than the implicit AND: Workload=Exchange AND (Send* OR (HardDelete AND folder)).
    if (workloadOf(record) !== 'Exchange') return [];
    const operation = text(record.Operation);
    const time = parseTimestamp(record.CreationTime);
    const isSend = SENDS.some((s) => searchMatch(operation, s));
    const isDelete = searchMatch(operation, 'HardDelete');
    if (isDelete && !DELETE_FOLDERS.some((f) => searchMatch(path(record, 'Folder.Path'), f))) return [];
    // A Send* operation other than the three (SendToQuarantine, say) has no subject and drops out at stats.
    const item = record.Item && typeof record.Item === 'object' ? (record.Item as AuditRecord) : {};
    const subjects = isSend ? (item.Subject === undefined || item.Subject === null ? [] : [text(item.Subject)]) : isDelete ? affected(record, 'Subject') : [];
    const sender = (field(record, 'SendAsUserSmtp') ?? field(record, 'SendOnBehalfOfUserSmtp') ?? field(record, 'MailboxOwnerUPN'))?.toLowerCase();
    const attachments = isSend ? [path(record, 'Item.Attachments') ?? ''] : affected(record, 'Attachments');
    const row = {
      user: field(record, 'UserId')?.toLowerCase(),
      sender,
      src: field(record, 'ClientIPAddress'),
      http_user_agent: field(record, 'ClientInfoString'),
      signature: operation,
      file_name: attachments.flatMap((a) => a.split('; ')).filter(Boolean),
      file_path: path(record, 'Folder.Path'),
      sendtime: isSend ? time : undefined,
      deltime: isDelete ? time : undefined,
      _mailboxes: keys(field(record, 'MailboxOwnerUPN')),
    };
    return subjects.map((subject) => ({ ...row, subject: subject.trim() }));
  },
  // opcount > 1 AND firstTime < lastTime AND lastTime - firstTime < 3600 s, firstTime the earliest send
  // and lastTime the latest hard delete of the (subject, user) group over the whole search.
  where: (g) =>
    g.values.signature.size > 1 &&
    g.min.sendtime !== undefined &&
    g.max.deltime !== undefined &&
    g.min.sendtime < g.max.deltime &&
    g.max.deltime - g.min.sendtime < 3_600_000,
  message: (g) => `${g.by.user} sent "${g.by.subject}" and hard-deleted it within the hour`,
});

const SUSPICIOUS_ALERTS = [
  'Suspicious email sending patterns detected',
  'User restricted from sending email',
  'Suspicious Email Forwarding Activity',
  'Email sending limit exceeded',
];

export const emailSuspiciousBehaviorAlert = define({
  id: '85c7555a-05af-4322-81aa-76b4ddf52baa',
  name: 'O365 Email Suspicious Behavior Alert',
  version: 7,
  date: '2025-05-02',
  technique: 'T1114.003',
  risk: 90,
  type: 'TTP',
  operations: ['AlertEntityGenerated'],
  reads: ['top level'],
  spl: '`o365_management_activity` Workload=SecurityComplianceCenter Operation=AlertEntityGenerated Name IN ("Suspicious email sending patterns detected","User restricted from sending email","Suspicious Email Forwarding Activity","Email sending limit exceeded") | fromjson Data | rename Name as signature, AlertId as signature_id, ObjectId as user | fillnull | stats count min(_time) as firstTime max(_time) as lastTime by dest user src vendor_account vendor_product signature signature_id | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_email_suspicious_behavior_alert_filter`',
  riskObject: 'user',
  by: ['dest', 'user', 'src', 'vendor_account', 'vendor_product', 'signature', 'signature_id'],
  select(record) {
    if (workloadOf(record) !== 'SecurityComplianceCenter') return [];
    const name = field(record, 'Name');
    if (!SUSPICIOUS_ALERTS.some((a) => searchMatch(name, a))) return [];
    const user = field(record, 'ObjectId');
    return [{ ...baseRow(record), user, signature: name, signature_id: field(record, 'AlertId'), _mailboxes: keys(user) }];
  },
  message: (g) => `Microsoft alert "${g.by.signature}" for ${g.by.user}`,
});

export const DESTRUCTION = [emailSendAndHardDeleteSuspiciousBehavior, emailSuspiciousBehaviorAlert];
