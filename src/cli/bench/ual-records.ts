// Audit records shaped like the Management Activity API's AuditData, field for field, for the operations
// that fill a real export (models: the Splunk example logs and the API reference in /work/shared/samples).
// Written as compact JSON text directly: building objects for JSON.stringify is ten times slower, and a
// run writes gigabytes.

import type { Random } from './random.ts';
import { ip4, type Tenant, type User } from './tenant.ts';

export interface UalRecord {
  json: string;
  id: string;
  /** CreationTime as written (UTC, no zone). */
  time: string;
  operation: string;
  userId: string;
  recordType: number;
}

export const GRAPH = '00000003-0000-0000-c000-000000000000';
const EXCHANGE_ONLINE = '00000002-0000-0ff1-ce00-000000000000';
const OUTLOOK_MOBILE = '27922004-5251-4030-b22d-91ecd9a37ea4';
const OUTLOOK_DESKTOP = 'd3590ed6-52b3-4102-aeff-aad2292ab01c';
const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';

const quoted = (list: string[]) => list.map((s) => JSON.stringify(s));
const AGENTS = quoted([
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0',
]);
const FOLDERS = quoted(['\\Inbox', '\\Sent Items', '\\Archive', '\\Inbox\\Projects', '\\Boîte de réception', '\\Posteingang', '\\Deleted Items']);
const FILES = ['Q1 forecast', 'board-minutes', 'Angebot Müller', 'runbook', 'org chart', 'contract draft v3', 'travel policy', 'release notes'];
const EXTENSIONS = ['docx', 'xlsx', 'pptx', 'pdf', 'txt'];
const SUBJECTS = quoted(['Re: Q1 forecast', 'Invoice 2024-0113', 'Lunch?', 'Fwd: "contract" draft', 'Weekly status', 'Ihre Bestellung']);

const creationTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const folderId = (random: Random) => `LgAAAAA${random.hex(26)}/AQD${random.hex(22)}AAAAAAEMAAAB`;
const messageId = (random: Random, tenant: Tenant) => `<${tenant.server}${random.hex(24)}@${tenant.server}.namprd18.prod.outlook.com>`;

// The fields every record opens with, in the API's order, then `rest`: the record's own fields, without braces.
function record(
  random: Random,
  ms: number,
  tenant: Tenant,
  operation: string,
  recordType: number,
  workload: string,
  userId: string,
  userKey: string,
  status: string,
  rest: string,
): UalRecord {
  const id = random.guid();
  const time = creationTime(ms);
  const json = `{"CreationTime":"${time}","Id":"${id}","Operation":"${operation}","OrganizationId":"${tenant.id}","RecordType":${recordType},"ResultStatus":"${status}","UserKey":"${userKey}","UserType":0,"Version":1,"Workload":"${workload}","UserId":"${userId}",${rest}}`;
  return { json, id, time, operation, userId, recordType };
}

const mailbox = (tenant: Tenant, user: User, upn: string) =>
  `"ExternalAccess":false,"InternalLogonType":0,"LogonType":0,"LogonUserSid":"${user.sid}","MailboxGuid":"${user.mailboxGuid}","MailboxOwnerSid":"${user.sid}","MailboxOwnerUPN":"${upn}","OrganizationName":"${tenant.domain}","OriginatingServer":"${tenant.server} (15.20.7409.032)\\r\\n"`;

export interface MailAccess {
  appId: string;
  clientAppId: string;
  clientInfoString: string;
  ip: string;
}

/** How a user's own mail client reads the mailbox: Outlook, OWA, Outlook mobile (REST). Never Graph or EWS. */
export function ownClient(random: Random, user: User): MailAccess {
  const kind = random.int(3);
  if (kind === 0) return { appId: OUTLOOK_DESKTOP, clientAppId: OUTLOOK_DESKTOP, clientInfoString: 'Client=MSExchangeRPC', ip: user.ip };
  if (kind === 1) return { appId: EXCHANGE_ONLINE, clientAppId: '', clientInfoString: 'Client=OWA;Action=ViaProxy', ip: user.ip };
  return { appId: OUTLOOK_MOBILE, clientAppId: OUTLOOK_MOBILE, clientInfoString: 'Client=REST;Client=RESTSystem;;', ip: user.ip };
}

/** `maxItems`: the most messages a folder of a Bind read lists. */
export function mailItemsAccessed(random: Random, ms: number, tenant: Tenant, user: User, access: MailAccess, maxItems = 4): UalRecord {
  const sync = random.chance(0.15);
  let folders = '';
  let count = 0;
  for (let f = random.chance(0.2) ? 2 : 1; f > 0; f--) {
    let items = '';
    if (!sync) {
      for (let n = 1 + random.int(maxItems); n > 0; n--, count++) {
        items += `${items ? ',' : ''}{"InternetMessageId":"${messageId(random, tenant)}","SizeInBytes":${2000 + random.int(250000)}}`;
      }
    } else count++;
    folders += `${folders ? ',' : ''}{${sync ? '' : `"FolderItems":[${items}],`}"Id":"${folderId(random)}","Path":${random.pick(FOLDERS)}}`;
  }
  const upn = random.chance(0.01) ? user.upn[0].toUpperCase() + user.upn.slice(1) : user.upn; // case drifts between records
  const throttled = random.chance(0.002) ? 'True' : 'False';
  return record(
    random,
    ms,
    tenant,
    'MailItemsAccessed',
    50,
    'Exchange',
    upn,
    user.userKey,
    'Succeeded',
    `"AppId":"${access.appId}","ClientAppId":"${access.clientAppId}","ClientIPAddress":"${access.ip}","ClientInfoString":"${access.clientInfoString}",${mailbox(tenant, user, upn)},` +
      `"OperationProperties":[{"Name":"MailAccessType","Value":"${sync ? 'Sync' : 'Bind'}"},{"Name":"IsThrottled","Value":"${throttled}"}],"SessionId":"${random.guid()}","Folders":[${folders}],"OperationCount":${count}`,
  );
}

export function userLoggedIn(random: Random, ms: number, tenant: Tenant, user: User, failed: boolean): UalRecord {
  const ip = failed && random.chance(0.5) ? ip4(random) : user.ip;
  const application = random.pick([OUTLOOK_DESKTOP, OUTLOOK_MOBILE, '4765445b-32c6-49b0-83e6-1d93765276ca', '1fec8e78-bce4-4aaf-ab1b-5451cc387264']);
  const error = failed
    ? `"ErrorNumber":"${random.pick(['50126', '50053', '50074'])}","LogonError":"${random.pick(['InvalidUserNameOrPassword', 'IdsLocked', 'UserStrongAuthClientAuthNRequiredInterrupt'])}"`
    : '"ErrorNumber":"0"';
  return record(
    random,
    ms,
    tenant,
    failed ? 'UserLoginFailed' : 'UserLoggedIn',
    15,
    'AzureActiveDirectory',
    user.upn,
    user.objectId,
    failed ? 'Failed' : 'Success',
    `"ClientIP":"${ip}","ObjectId":"${EXCHANGE_ONLINE}","AzureActiveDirectoryEventType":1,"ExtendedProperties":[{"Name":"ResultStatusDetail","Value":"${failed ? 'Redirect' : 'Success'}"},` +
      `{"Name":"UserAgent","Value":${random.pick(AGENTS)}},{"Name":"RequestType","Value":"${random.pick(['OAuth2:Authorize', 'OAuth2:Token', 'Login:login', 'SAS:ProcessAuth'])}"}],` +
      `"ModifiedProperties":[],"Actor":[{"ID":"${user.objectId}","Type":0},{"ID":"${user.upn}","Type":5}],"ActorContextId":"${tenant.id}","ActorIpAddress":"${ip}",` +
      `"InterSystemsId":"${random.guid()}","IntraSystemId":"${random.guid()}","SupportTicketId":"","Target":[{"ID":"${EXCHANGE_ONLINE}","Type":0}],"TargetContextId":"${tenant.id}",` +
      `"ApplicationId":"${application}","DeviceProperties":[{"Name":"OS","Value":"${random.pick(['Windows10', 'MacOs', 'Ios', 'Android'])}"},{"Name":"BrowserType","Value":"${random.pick(['Edge', 'Chrome', 'Safari', 'Firefox'])}"},` +
      `{"Name":"IsCompliantAndManaged","Value":"False"},{"Name":"SessionId","Value":"${random.guid()}"}],${error}`,
  );
}

export function fileOperation(random: Random, ms: number, tenant: Tenant, user: User, operation: string): UalRecord {
  const site = `https://${tenant.domain.split('.')[0]}-my.sharepoint.com/personal/${user.upn.replace(/[@.]/g, '_')}`;
  const extension = random.pick(EXTENSIONS);
  const name = `${random.pick(FILES)} ${random.int(100)}.${extension}`;
  const label = random.chance(0.3) ? `,"SensitivityLabelId":"${random.guid()}"` : '';
  return record(
    random,
    ms,
    tenant,
    operation,
    6,
    'OneDrive',
    user.upn,
    `i:0h.f|membership|${user.userKey.toLowerCase()}@live.com`,
    'Succeeded',
    `"ClientIP":"${user.ip}","CorrelationId":"${random.guid()}","EventSource":"SharePoint","ItemType":"File","ListId":"${random.guid()}","ListItemUniqueId":"${random.guid()}",` +
      `"Site":"${random.guid()}","UserAgent":${random.pick(AGENTS)},"WebId":"${random.guid()}","ApplicationDisplayName":"${random.pick(['OneDrive SyncEngine', 'Microsoft Office Word', 'SharePoint Online Web Client Extensibility'])}",` +
      `"ApplicationId":"${SHAREPOINT}","AuthenticationType":"OAuth","BrowserName":"${random.pick(['Edge', 'Chrome', 'Safari'])}","BrowserVersion":"122.0.0.0","DeviceDisplayName":"${random.pick(['DESKTOP', 'LAPTOP'])}-${random.hex(7)}",` +
      `"GeoLocation":"${random.pick(['EUR', 'NAM', 'GBR'])}","IsManagedDevice":${random.chance(0.7)},"Platform":"${random.pick(['Win10', 'MacOSX', 'iOS'])}","DoNotDistributeEvent":true,"FromApp":false,` +
      `"HighPriorityMediaProcessing":false,"ObjectId":"${site}/Documents/${name}","SiteUrl":"${site}/","SourceRelativeUrl":"Documents","SourceFileName":"${name}","SourceFileExtension":"${extension}",` +
      `"ListBaseType":1,"ListServerTemplate":700${label}`,
  );
}

export function exchangeItem(random: Random, ms: number, tenant: Tenant, user: User, operation: string): UalRecord {
  const access = ownClient(random, user);
  const path = operation === 'Send' ? FOLDERS[1] : random.pick(FOLDERS);
  return record(
    random,
    ms,
    tenant,
    operation,
    2,
    'Exchange',
    user.upn,
    user.userKey,
    'Succeeded',
    `"ClientIP":"${user.ip}","AppId":"${access.appId}","ClientAppId":"${access.clientAppId}","ClientIPAddress":"${user.ip}","ClientInfoString":"${access.clientInfoString}",${mailbox(tenant, user, user.upn)},` +
      `"SessionId":"${random.guid()}","Item":{"Id":"${folderId(random)}","InternetMessageId":"${messageId(random, tenant)}","ParentFolder":{"Id":"${folderId(random)}","Path":${path}},` +
      `"SizeInBytes":${2000 + random.int(90000)},"Subject":${random.pick(SUBJECTS)}}`,
  );
}

/** An admin enabling owner auditing: not MailItemsAccessed, yet its bytes hold the word. */
export function setMailbox(random: Random, ms: number, tenant: Tenant, admin: User, target: User): UalRecord {
  return record(
    random,
    ms,
    tenant,
    'Set-Mailbox',
    1,
    'Exchange',
    admin.upn,
    admin.userKey,
    'True',
    `"AppId":"","ClientAppId":"","ClientIP":"${admin.ip}:${1024 + random.int(60000)}","ExternalAccess":false,"ObjectId":"${target.upn.split('@')[0]}","OrganizationName":"${tenant.domain}",` +
      `"OriginatingServer":"${tenant.server} (15.20.7409.032)","Parameters":[{"Name":"Identity","Value":"${target.upn}"},{"Name":"AuditEnabled","Value":"True"},` +
      `{"Name":"AuditOwner","Value":"Update,MoveToDeletedItems,SoftDelete,HardDelete,MailItemsAccessed,Send,SearchQueryInitiated"},` +
      `{"Name":"AuditDelegate","Value":"Update,MoveToDeletedItems,SoftDelete,HardDelete,SendAs,SendOnBehalf,MailItemsAccessed"}],"SessionId":"${random.guid()}"`,
  );
}
