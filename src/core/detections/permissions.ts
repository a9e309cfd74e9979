// Mailbox and folder permissions (T1098.002): another account, or everyone, is given the right to read a
// mailbox. Five ESCU analytics as written, and an analyst variant of "Mailbox Folder Read Permission
// Assigned", whose search computes isReadRole and never uses it, so it fires on any folder permission
// change outside Calendar, Contacts and PersonMetadata.

import { baseRow, clientApp, define, keys } from './define.ts';
import { field, path, searchMatch, workloadOf, type AuditRecord } from './fields.ts';

const exchange = (record: AuditRecord) => workloadOf(record) === 'Exchange';

export const elevatedMailboxPermissionAssigned = define({
  id: '2246c142-a678-45f8-8546-aaed7e0efd30',
  name: 'O365 Elevated Mailbox Permission Assigned',
  version: 8,
  date: '2025-05-02',
  technique: 'T1098.002',
  risk: 42,
  type: 'TTP',
  operations: ['Add-MailboxPermission'],
  reads: ['top level', 'Parameters'],
  spl: '`o365_management_activity` Workload=Exchange Operation=Add-MailboxPermission (AccessRights=FullAccess OR AccessRights=ChangePermission OR AccessRights=ChangeOwner) | rename Identity AS dest_user | fillnull | stats count min(_time) as firstTime max(_time) as lastTime by signature dest user src vendor_account vendor_product dest_user | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_elevated_mailbox_permission_assigned_filter`',
  riskObject: 'dest_user',
  by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'dest_user'],
  // The grantee (Parameters User): not in the analytic's output, kept beside it because a responder needs it.
  values: ['User'],
  select(record) {
    if (!exchange(record)) return [];
    const rights = field(record, 'AccessRights');
    if (!['FullAccess', 'ChangePermission', 'ChangeOwner'].some((r) => searchMatch(rights, r))) return [];
    const identity = field(record, 'Identity');
    return [{ ...baseRow(record), dest_user: identity, User: field(record, 'User'), _mailboxes: keys(identity), _applications: clientApp(record) }];
  },
  message: (g) => `${[...g.values.User].join(', ') || 'An account'} was given elevated rights on mailbox ${g.by.dest_user} by ${g.by.user}`,
});

const EXCLUDED_FOLDERS = ['Calendar', 'Contacts', 'PersonMetadata'];
const folderBase = {
  version: 7,
  date: '2025-05-02',
  technique: 'T1098.002',
  risk: 42,
  type: 'TTP' as const,
  operations: ['ModifyFolderPermissions', 'AddFolderPermissions'],
  reads: ['top level' as const, 'Item' as const],
  riskObject: 'user',
};
const folderRow = (record: AuditRecord) => {
  const row = baseRow(record);
  return {
    ...row,
    user: field(record, 'UserId') ?? row.user,
    'Item.ParentFolder.MemberUpn': path(record, 'Item.ParentFolder.MemberUpn'),
    'Item.ParentFolder.MemberRights': path(record, 'Item.ParentFolder.MemberRights'),
    MailboxOwnerUPN: field(record, 'MailboxOwnerUPN'),
    _mailboxes: keys(field(record, 'MailboxOwnerUPN')),
    _applications: clientApp(record),
  };
};
// object!=Calendar in `search` also drops a record without the field; compared case-insensitively, so a
// localised name (Calendrier) is not excluded.
const outsideExcluded = (object: string | undefined) => object !== undefined && !EXCLUDED_FOLDERS.some((f) => searchMatch(object, f));

export const mailboxFolderReadPermissionAssigned = define({
  ...folderBase,
  id: '1435475e-2128-4417-a34f-59770733b0d5',
  name: 'O365 Mailbox Folder Read Permission Assigned',
  spl: '`o365_management_activity` Workload=Exchange (Operation=ModifyFolderPermissions OR Operation=AddFolderPermissions) Workload=Exchange object!=Calendar object!=Contacts object!=PersonMetadata | eval isReadRole=if(match(\'Item.ParentFolder.MemberRights\',"(ReadAny)"), "true", "false") | rename UserId as user | stats count earliest(_time) as firstTime latest(_time) as lastTime by signature user object dest Item.ParentFolder.MemberUpn Item.ParentFolder.MemberRights src vendor_account vendor_product | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_mailbox_folder_read_permission_assigned_filter`',
  fillnull: false,
  by: ['signature', 'user', 'object', 'dest', 'Item.ParentFolder.MemberUpn', 'Item.ParentFolder.MemberRights', 'src', 'vendor_account', 'vendor_product'],
  select(record) {
    if (!exchange(record)) return [];
    const row = folderRow(record);
    return outsideExcluded(row.object) ? [row] : [];
  },
  message: (g) => `Folder ${g.by.object}: ${g.by['Item.ParentFolder.MemberUpn']} given ${g.by['Item.ParentFolder.MemberRights']} by ${g.by.user}`,
});

export const mailboxFolderReadPermissionAssignedAnalyst = define({
  ...folderBase,
  id: '1435475e-2128-4417-a34f-59770733b0d5',
  name: 'O365 Mailbox Folder Read Permission Assigned (analyst variant)',
  analyst:
    'Applies the isReadRole test the analytic computes and never uses (MemberRights contains ReadAny), so only grants that let someone read items alert; fills missing fields instead of dropping records without a client IP; names the mailbox owner.',
  spl: '',
  by: [
    'signature',
    'user',
    'object',
    'dest',
    'MailboxOwnerUPN',
    'Item.ParentFolder.MemberUpn',
    'Item.ParentFolder.MemberRights',
    'src',
    'vendor_account',
    'vendor_product',
  ],
  select(record) {
    if (!exchange(record)) return [];
    const row = folderRow(record);
    return outsideExcluded(row.object) && /ReadAny/.test(row['Item.ParentFolder.MemberRights'] ?? '') ? [row] : [];
  },
  message: (g) =>
    `Folder ${g.by.object} of ${g.by.MailboxOwnerUPN} readable by ${g.by['Item.ParentFolder.MemberUpn']} (${g.by['Item.ParentFolder.MemberRights']}), set by ${g.by.user}`,
});

const READ_ROLE = /^(ReadItems|Author|NonEditingAuthor|Owner|PublishingAuthor|Reviewer)$/;

export const mailboxFolderReadPermissionGranted = define({
  id: 'cd15c0a8-470e-4b12-9517-046e4927db30',
  name: 'O365 Mailbox Folder Read Permission Granted',
  version: 8,
  date: '2025-05-02',
  technique: 'T1098.002',
  risk: 42,
  type: 'TTP',
  operations: ['Set-MailboxFolderPermission', 'Add-MailboxFolderPermission'],
  reads: ['top level', 'Parameters'],
  spl: '`o365_management_activity` Workload=Exchange (Operation="Set-MailboxFolderPermission" OR Operation="Add-MailboxFolderPermission" ) | eval isReadRole=if(match(AccessRights,"^(ReadItems|Author|NonEditingAuthor|Owner|PublishingAuthor|Reviewer)$"), "true", "false") | search isReadRole="true" | rename UserId as user | fillnull | stats count min(_time) as firstTime max(_time) as lastTime by signature dest user src vendor_account vendor_product Identity AccessRights | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_mailbox_folder_read_permission_granted_filter`',
  riskObject: 'user',
  by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'Identity', 'AccessRights'],
  values: ['User'],
  select(record) {
    if (!exchange(record)) return [];
    const rights = field(record, 'AccessRights');
    // match() is case-sensitive and anchored: "reviewer" or "ReadItems, FolderVisible" do not match.
    if (!rights || !READ_ROLE.test(rights)) return [];
    const row = baseRow(record);
    const identity = field(record, 'Identity');
    return [
      {
        ...row,
        user: field(record, 'UserId') ?? row.user,
        Identity: identity,
        AccessRights: rights,
        User: field(record, 'User'),
        _mailboxes: keys(identity?.split(':')[0]),
        _applications: clientApp(record),
      },
    ];
  },
  message: (g) => `${[...g.values.User].join(', ') || 'An account'} given ${g.by.AccessRights} on ${g.by.Identity} by ${g.by.user}`,
});

export const mailboxInboxFolderSharedWithAllUsers = define({
  id: '21421896-a692-4594-9888-5faeb8a53106',
  name: 'O365 Mailbox Inbox Folder Shared with All Users',
  version: 7,
  date: '2025-05-02',
  technique: 'T1114.002',
  risk: 56,
  type: 'TTP',
  operations: ['ModifyFolderPermissions'],
  reads: ['top level', 'Item'],
  spl: '`o365_management_activity` Operation=ModifyFolderPermissions Workload=Exchange object=Inbox Item.ParentFolder.MemberUpn=Everyone | eval isReadRole=if(match(\'Item.ParentFolder.MemberRights\',"(ReadAny)"), "true", "false") | search isReadRole = "true" | rename UserId as user | fillnull | stats count earliest(_time) as firstTime latest(_time) as lastTime by signature, user, dest, vendor_account, vendor_product, object, MailboxOwnerUPN, Item.ParentFolder.MemberUpn, Item.ParentFolder.MemberRights, src | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `o365_mailbox_inbox_folder_shared_with_all_users_filter`',
  riskObject: 'MailboxOwnerUPN',
  by: [
    'signature',
    'user',
    'dest',
    'vendor_account',
    'vendor_product',
    'object',
    'MailboxOwnerUPN',
    'Item.ParentFolder.MemberUpn',
    'Item.ParentFolder.MemberRights',
    'src',
  ],
  select(record) {
    if (!exchange(record)) return [];
    const row = folderRow(record);
    if (!searchMatch(row.object, 'Inbox') || !searchMatch(row['Item.ParentFolder.MemberUpn'], 'Everyone')) return [];
    return /ReadAny/.test(row['Item.ParentFolder.MemberRights'] ?? '') ? [row] : [];
  },
  message: (g) => `Inbox of ${g.by.MailboxOwnerUPN} readable by Everyone (${g.by['Item.ParentFolder.MemberRights']}), set by ${g.by.user}`,
});

export const applicationImpersonationRoleAssigned = define({
  id: '49cdce75-f814-4d56-a7a4-c64ec3a481f2',
  name: 'O365 ApplicationImpersonation Role Assigned',
  version: 7,
  date: '2025-05-02',
  technique: 'T1098.002',
  risk: 56,
  type: 'TTP',
  operations: ['New-ManagementRoleAssignment'],
  reads: ['top level', 'Parameters'],
  spl: '`o365_management_activity` Workload=Exchange Operation="New-ManagementRoleAssignment" Role=ApplicationImpersonation | rename User as target_user | fillnull | stats count min(_time) as firstTime max(_time) as lastTime by signature dest user src vendor_account vendor_product target_user | `security_content_ctime(lastTime)` | `o365_applicationimpersonation_role_assigned_filter`',
  riskObject: 'target_user',
  by: ['signature', 'dest', 'user', 'src', 'vendor_account', 'vendor_product', 'target_user'],
  select(record) {
    // Microsoft retired the role in February 2025: this finds assignments in older exports.
    if (!exchange(record) || !searchMatch(field(record, 'Role'), 'ApplicationImpersonation')) return [];
    return [{ ...baseRow(record), target_user: field(record, 'User'), _mailboxes: [], _applications: keys(field(record, 'App')) }];
  },
  message: (g) => `ApplicationImpersonation assigned to ${g.by.target_user} by ${g.by.user}`,
});

export const PERMISSIONS = [
  elevatedMailboxPermissionAssigned,
  mailboxFolderReadPermissionAssigned,
  mailboxFolderReadPermissionAssignedAnalyst,
  mailboxFolderReadPermissionGranted,
  mailboxInboxFolderSharedWithAllUsers,
  applicationImpersonationRoleAssigned,
];
