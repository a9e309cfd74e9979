// Applications given mail rights (T1528, T1098.003): the step before an app reads many mailboxes through
// Graph or EWS. Five ESCU analytics on Entra ID records as written; they read ModifiedProperties by
// position (NewValue 0 and 4), as the analytics do. An analyst variant of "FullAccessAsApp Permission
// Assigned" adds the grant itself: the analytic watches an app registration asking for the permission,
// while the record of an admin granting it is "Add app role assignment to service principal.".

import { baseRow, define } from './define.ts';
import { applicationIds, entryValue, field, listOf, mv, mvfind, parseJson, searchMatch, text, workloadOf, type AuditRecord } from './fields.ts';
import type { Row } from './model.ts';

const MAIL_READ = '810c84a8-4a9e-49e6-bf7d-12d183f40d01'; // Graph Mail.Read, application permission
const EXCHANGE_APP = '00000002-0000-0ff1-ce00-000000000000';
const FULL_ACCESS_AS_APP = 'dc890d15-9560-4a4c-9b7f-a736ec74ec40';
const PRIVILEGED_GRAPH = ['1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', '06b708a9-e830-4db3-a914-8e69da51d44f', '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8'];
const MAIL_SCOPES = ['Mail.Read', 'Mail.ReadBasic', 'Mail.ReadWrite', 'Mail.Read.Shared', 'Mail.ReadWrite.Shared', 'Mail.Send', 'Mail.Send.Shared'];

const newValue = (record: AuditRecord, index: number) => mv(record.ModifiedProperties, 'NewValue')[index];
const aad = (record: AuditRecord) => workloadOf(record) === 'AzureActiveDirectory';
const entraRow = (record: AuditRecord) => ({
  ...baseRow(record),
  ObjectId: field(record, 'ObjectId'),
  _mailboxes: [] as string[],
  _applications: applicationIds(record),
});

/** additionalDetails' User-Agent, where the TA finds user_agent on Entra ID records. */
function userAgent(record: AuditRecord): string | undefined {
  const details = entryValue(record.ExtendedProperties, 'additionalDetails');
  const parsed = details === undefined ? undefined : parseJson(details);
  const agent = parsed && typeof parsed === 'object' ? text((parsed as Row)['User-Agent']) : '';
  return agent || undefined;
}

/** `spath input=x` without a path over a JSON array: `{}.Key` lists over every element. */
function arrayField(json: string | undefined, key: string, inner?: string): string[] {
  const elements = listOf(json === undefined ? undefined : parseJson(json));
  const out: string[] = [];
  for (const element of elements) {
    if (!element || typeof element !== 'object') continue;
    const value = (element as Row)[key];
    if (inner === undefined) {
      if (value !== undefined && typeof value !== 'object') out.push(text(value));
    } else out.push(...mv(value, inner));
  }
  return out;
}

export const mailboxReadAccessGrantedToApplication = define({
  id: '27ab61c5-f08a-438a-b4d3-325e666490b3',
  name: 'O365 Mailbox Read Access Granted to Application',
  version: 7,
  date: '2025-05-02',
  technique: 'T1098.003, T1114.002',
  risk: 45,
  type: 'TTP',
  operations: ['Update application.'],
  reads: ['top level', 'ModifiedProperties', 'Actor/Target'],
  spl: '`o365_management_activity` Operation="Update application." | eval json_data=mvindex(\'ModifiedProperties{}.NewValue\',0) | eval json_data=replace(json_data,"^\\[\\s*","") | eval json_data=replace(json_data,"\\s*\\]$","") | spath input=json_data path=RequiredAppPermissions{}.EntitlementId output=EntitlementIds | eval match_found=mvfind(EntitlementIds, "810c84a8-4a9e-49e6-bf7d-12d183f40d01") | where isnotnull(match_found) | fillnull | stats count earliest(_time) as firstTime max(_time) as lastTime values(EntitlementIds) as EntitlementIds by signature, user, dest, vendor_account, vendor_product, object, src | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_mailbox_read_access_granted_to_application_filter`',
  riskObject: 'user',
  by: ['signature', 'user', 'dest', 'vendor_account', 'vendor_product', 'object', 'src'],
  values: ['EntitlementIds'],
  select(record) {
    // With the outer [ ] stripped, spath reads the first resource object only: Mail.Read listed under a
    // second ResourceAppId is not seen.
    const first = listOf(parseJson(newValue(record, 0) ?? ''))[0];
    const ids = first && typeof first === 'object' ? mv((first as Row).RequiredAppPermissions, 'EntitlementId') : [];
    if (mvfind(ids, new RegExp(MAIL_READ)) === null) return [];
    return [{ ...entraRow(record), EntitlementIds: ids }];
  },
  message: (g) => `Application ${g.by.object} asks for Graph Mail.Read (application), changed by ${g.by.user}`,
});

const fullAccessBase = {
  version: 6,
  date: '2025-05-02',
  technique: 'T1098.002, T1098.003',
  risk: 48,
  type: 'TTP' as const,
  reads: ['top level' as const, 'ModifiedProperties' as const, 'Actor/Target' as const, 'ExtendedProperties' as const],
  riskObject: 'user',
  by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'object', 'user_agent'],
  values: ['Scope'],
};

export const fullAccessAsAppPermissionAssigned = define({
  ...fullAccessBase,
  id: '01a510b3-a6ac-4d50-8812-7e8a3cde3d79',
  name: 'O365 FullAccessAsApp Permission Assigned',
  operations: ['Update application.'],
  spl: '`o365_management_activity` Workload=AzureActiveDirectory Operation="Update application." | eval newvalue = mvindex(\'ModifiedProperties{}.NewValue\',0) | spath input=newvalue | search "{}.ResourceAppId"="00000002-0000-0ff1-ce00-000000000000""{}.RequiredAppPermissions{}.EntitlementId"="dc890d15-9560-4a4c-9b7f-a736ec74ec40" | eval Permissions = \'{}.RequiredAppPermissions{}.EntitlementId\' | fillnull | stats count min(_time) as firstTime max(_time) as lastTime values(Scope) as Scope by signature dest user src vendor_account vendor_product object user_agent | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_fullaccessasapp_permission_assigned_filter`',
  select(record) {
    if (!aad(record)) return [];
    const json = newValue(record, 0);
    // The two terms are tested on the lists independently: Exchange as any resource, dc890d15 under any.
    const resources = arrayField(json, 'ResourceAppId');
    const permissions = arrayField(json, 'RequiredAppPermissions', 'EntitlementId');
    if (!resources.some((r) => searchMatch(r, EXCHANGE_APP)) || !permissions.some((p) => searchMatch(p, FULL_ACCESS_AS_APP))) return [];
    return [{ ...entraRow(record), user_agent: userAgent(record), Scope: field(record, 'Scope') }];
  },
  message: (g) => `Application ${g.by.object} asks for Exchange full_access_as_app, changed by ${g.by.user}`,
});

export const fullAccessAsAppPermissionAssignedAnalyst = define({
  ...fullAccessBase,
  id: '01a510b3-a6ac-4d50-8812-7e8a3cde3d79',
  name: 'O365 FullAccessAsApp Permission Assigned (analyst variant)',
  analyst:
    'Checks full_access_as_app under the Exchange resource itself (not any resource), and also alerts on the grant: "Add app role assignment to service principal." with AppRole.Id dc890d15 (full_access_as_app), which the analytic does not read.',
  operations: ['Update application.', 'Add app role assignment to service principal.'],
  spl: '',
  by: [...fullAccessBase.by, 'ServicePrincipal'],
  select(record) {
    if (!aad(record)) return [];
    let hit = false;
    if (searchMatch(text(record.Operation), 'Add app role assignment to service principal.')) {
      hit = searchMatch(entryValue(record.ModifiedProperties, 'AppRole.Id', 'NewValue'), FULL_ACCESS_AS_APP);
    } else {
      for (const resource of listOf(parseJson(newValue(record, 0) ?? ''))) {
        if (!resource || typeof resource !== 'object' || !searchMatch(text((resource as Row).ResourceAppId), EXCHANGE_APP)) continue;
        if (mv((resource as Row).RequiredAppPermissions, 'EntitlementId').some((p) => searchMatch(p, FULL_ACCESS_AS_APP))) hit = true;
      }
    }
    if (!hit) return [];
    const servicePrincipal = entryValue(record.ModifiedProperties, 'ServicePrincipal.DisplayName', 'NewValue');
    return [{ ...entraRow(record), user_agent: userAgent(record), ServicePrincipal: servicePrincipal || undefined }];
  },
  message: (g) => `full_access_as_app for ${g.by.ServicePrincipal !== '0' ? g.by.ServicePrincipal : g.by.object} (${g.by.signature}) by ${g.by.user}`,
});

export const mailPermissionedApplicationConsentGrantedByUser = define({
  id: 'fddad083-cdf5-419d-83c6-baa85e329595',
  name: 'O365 Mail Permissioned Application Consent Granted by User',
  version: 6,
  date: '2025-05-02',
  technique: 'T1528',
  risk: 40,
  type: 'TTP',
  operations: ['Consent to application.'],
  reads: ['top level', 'ModifiedProperties', 'Actor/Target'],
  spl: '`o365_management_activity` Workload=AzureActiveDirectory Operation="Consent to application." ResultStatus=Success | eval admin_consent =mvindex(\'ModifiedProperties{}.NewValue\',0) | search admin_consent=False | eval permissions =mvindex(\'ModifiedProperties{}.NewValue\',4) | rex field=permissions "Scope:(?<Scope>[^,]+)" | makemv delim=" " Scope | search Scope IN ("Mail.Read", "Mail.ReadBasic", "Mail.ReadWrite", "Mail.Read.Shared", "Mail.ReadWrite.Shared", "Mail.Send", "Mail.Send.Shared") | fillnull | stats count min(_time) as firstTime max(_time) as lastTime values(Scope) as Scope by signature dest user src vendor_account vendor_product object ObjectId | `security_content_ctime(lastTime)` | `o365_mail_permissioned_application_consent_granted_by_user_filter`',
  riskObject: 'user',
  by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'object', 'ObjectId'],
  values: ['Scope'],
  select(record) {
    if (!aad(record) || !searchMatch(text(record.ResultStatus), 'Success')) return [];
    if (!searchMatch(newValue(record, 0), 'False')) return [];
    // The first grant's scope only, up to its first comma; split on single spaces.
    const scope = /Scope:([^,]+)/.exec(newValue(record, 4) ?? '')?.[1];
    const scopes = (scope ?? '').split(' ').filter((s) => s !== '');
    if (!scopes.some((s) => MAIL_SCOPES.some((m) => searchMatch(s, m)))) return [];
    return [{ ...entraRow(record), Scope: scopes }];
  },
  message: (g) => `${g.by.user} consented to ${g.by.object} with mail permissions (${[...g.values.Scope].join(' ')})`,
});

export const tenantWideAdminConsentGranted = define({
  id: '50eaabf8-5180-4e86-bfb2-011472c359fc',
  name: 'O365 Tenant Wide Admin Consent Granted',
  version: 7,
  date: '2025-05-02',
  technique: 'T1098.003',
  risk: 45,
  type: 'TTP',
  operations: ['Consent to application.'],
  reads: ['top level', 'ModifiedProperties', 'Actor/Target'],
  spl: '`o365_management_activity` Operation="Consent to application." | eval new_field=mvindex(\'ModifiedProperties{}.NewValue\', 4) | rex field=new_field "ConsentType: (?<ConsentType>[^\\,]+)" | rex field=new_field "Scope: (?<Scope>[^\\,]+)" | search ConsentType = "AllPrincipals" | fillnull | stats count min(_time) as firstTime max(_time) as lastTime by user, object, ObjectId, ConsentType, Scope, dest, vendor_account, vendor_product, signature, src | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_tenant_wide_admin_consent_granted_filter`',
  riskObject: 'user',
  by: ['user', 'object', 'ObjectId', 'ConsentType', 'Scope', 'dest', 'vendor_account', 'vendor_product', 'signature', 'src'],
  select(record) {
    const permissions = newValue(record, 4) ?? '';
    const consentType = /ConsentType: ([^,]+)/.exec(permissions)?.[1];
    if (!searchMatch(consentType, 'AllPrincipals')) return [];
    return [{ ...entraRow(record), ConsentType: consentType, Scope: /Scope: ([^,]+)/.exec(permissions)?.[1] }];
  },
  message: (g) => `${g.by.user} consented to ${g.by.object} for the whole tenant (${g.by.Scope})`,
});

export const privilegedGraphApiPermissionAssigned = define({
  id: '868f3131-d5e1-4bf1-af5b-9b0fbaaaedbb',
  name: 'O365 Privileged Graph API Permission Assigned',
  version: 6,
  date: '2025-05-02',
  technique: 'T1003.002',
  risk: 54,
  type: 'TTP',
  operations: ['Update application.'],
  reads: ['top level', 'ModifiedProperties', 'Actor/Target', 'ExtendedProperties'],
  spl: '`o365_management_activity` Workload=AzureActiveDirectory Operation="Update application." | eval newvalue = mvindex(\'ModifiedProperties{}.NewValue\',0) | spath input=newvalue | search "{}.RequiredAppPermissions{}.EntitlementId"="1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9" OR "{}.RequiredAppPermissions{}.EntitlementId"="06b708a9-e830-4db3-a914-8e69da51d44f" OR "{}.RequiredAppPermissions{}.EntitlementId"="9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8" | eval Permissions = \'{}.RequiredAppPermissions{}.EntitlementId\' | fillnull | stats count earliest(_time) as firstTime latest(_time) as lastTime values(Permissions) by user src object user_agent signature vendor_account vendor_product dest | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_privileged_graph_api_permission_assigned_filter`',
  riskObject: 'user',
  by: ['user', 'src', 'object', 'user_agent', 'signature', 'vendor_account', 'vendor_product', 'dest'],
  // values(Permissions) has no `as`: the analytic's output column is literally "values(Permissions)".
  values: ['values(Permissions)'],
  select(record) {
    if (!aad(record)) return [];
    const permissions = arrayField(newValue(record, 0), 'RequiredAppPermissions', 'EntitlementId');
    if (!permissions.some((p) => PRIVILEGED_GRAPH.some((id) => searchMatch(p, id)))) return [];
    return [{ ...entraRow(record), user_agent: userAgent(record), 'values(Permissions)': permissions }];
  },
  message: (g) => `Application ${g.by.object} asks for privileged Graph permissions, changed by ${g.by.user}`,
});

export const APP_CONSENT = [
  mailPermissionedApplicationConsentGrantedByUser,
  tenantWideAdminConsentGranted,
  mailboxReadAccessGrantedToApplication,
  fullAccessAsAppPermissionAssigned,
  fullAccessAsAppPermissionAssignedAnalyst,
  privilegedGraphApiPermissionAssigned,
];
