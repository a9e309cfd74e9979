import { describe, expect, test } from 'vitest';
import {
  applicationImpersonationRoleAssigned,
  elevatedMailboxPermissionAssigned,
  mailboxFolderReadPermissionAssigned,
  mailboxFolderReadPermissionAssignedAnalyst,
  mailboxFolderReadPermissionGranted,
  mailboxInboxFolderSharedWithAllUsers,
} from '../../../src/core/detections/permissions.ts';
import { ADMIN, cmdlet, mailboxAudit, ORG, splunkSample, VICTIM } from '../../fixtures/detections/records.ts';
import { project, run, type Case } from './harness.ts';

const EXO = 'Microsoft Office 365 Exchange';

describe('O365 Elevated Mailbox Permission Assigned (2246c142)', () => {
  const cases: Case[] = [
    {
      name: 'Splunk example: FullAccess on jhernan for Patrick Bareiss',
      records: [splunkSample(3)],
      expected: [
        {
          fields: {
            signature: 'Add-MailboxPermission',
            dest: ORG,
            user: 'pbareiss@rodsoto.onmicrosoft.com',
            src: '18.159.234.121:30395',
            vendor_account: ORG,
            vendor_product: EXO,
            dest_user: 'jhernan',
          },
          values: { User: ['Patrick Bareiss'] },
          riskObject: 'jhernan',
          mailboxes: ['jhernan'],
        },
      ],
    },
    {
      name: 'ChangeOwner, compared case-insensitively',
      records: [cmdlet('Add-MailboxPermission', { Identity: VICTIM, User: 'intruder', AccessRights: 'changeowner' })],
      expected: [
        {
          fields: {
            signature: 'Add-MailboxPermission',
            dest: ORG,
            user: ADMIN,
            src: '203.0.113.7:50412',
            vendor_account: ORG,
            vendor_product: EXO,
            dest_user: VICTIM,
          },
        },
      ],
    },
    {
      name: 'ReadPermission is not elevated',
      records: [cmdlet('Add-MailboxPermission', { Identity: VICTIM, User: 'x', AccessRights: 'ReadPermission' })],
      expected: [],
    },
    {
      name: 'Add-RecipientPermission (SendAs) is out of scope',
      records: [cmdlet('Add-RecipientPermission', { Identity: VICTIM, Trustee: 'x', AccessRights: 'SendAs' })],
      expected: [],
    },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(elevatedMailboxPermissionAssigned, records), expected)).toEqual(expected));
});

// After elastic/beats x-pack/filebeat/module/o365/audit/test/02-exchange-item.log (a system grant on Calendar).
const folderGrant = (folder: string, member: string, rights: string, extra: Record<string, unknown> = {}) =>
  mailboxAudit('ModifyFolderPermissions', {
    Item: { Id: 'LgAAAAB', ParentFolder: { Id: 'LgAAAAB', MemberRights: rights, MemberSid: 'S-1-1-0', MemberUpn: member, Name: folder, Path: `\\${folder}` } },
    ...extra,
  });

describe('O365 Mailbox Folder Read Permission Assigned (1435475e), as written and the analyst variant', () => {
  const sample = {
    signature: 'ModifyFolderPermissions',
    user: 'user1@contoso.onmicrosoft.com',
    object: 'Inbox',
    dest: 'e17879dd-24ec-44a6-be92-9dcbf6969220',
    'Item.ParentFolder.MemberUpn': 'Everyone',
    'Item.ParentFolder.MemberRights': 'FreeBusySimple',
    src: '22.23.21.25',
    vendor_account: 'e17879dd-24ec-44a6-be92-9dcbf6969220',
    vendor_product: EXO,
  };
  const row = (object: string, member: string, rights: string, src = '198.51.100.9') => ({
    signature: 'ModifyFolderPermissions',
    user: VICTIM,
    object,
    dest: ORG,
    'Item.ParentFolder.MemberUpn': member,
    'Item.ParentFolder.MemberRights': rights,
    src,
    vendor_account: ORG,
    vendor_product: EXO,
  });
  const cases: (Case & { analyst: Case['expected'] })[] = [
    {
      name: 'Splunk example: Inbox FreeBusySimple fires as written (isReadRole unused), not in the variant',
      records: [splunkSample(11)],
      expected: [{ fields: sample }],
      analyst: [],
    },
    {
      name: 'ReadAny on Inbox: both',
      records: [folderGrant('Inbox', 'intruder@contoso.onmicrosoft.com', 'ReadAny, Visible')],
      expected: [{ fields: row('Inbox', 'intruder@contoso.onmicrosoft.com', 'ReadAny, Visible') }],
      analyst: [{ fields: { ...row('Inbox', 'intruder@contoso.onmicrosoft.com', 'ReadAny, Visible'), MailboxOwnerUPN: VICTIM } }],
    },
    {
      name: 'Calendar is excluded (beats system grant)',
      records: [folderGrant('Calendar', 'Default', 'ReadAny, Visible', { UserId: 'S-1-5-18' })],
      expected: [],
      analyst: [],
    },
    { name: 'the exclusion ignores case', records: [folderGrant('calendar', 'x', 'ReadAny')], expected: [], analyst: [] },
    {
      name: 'a localised Calendar (Calendrier) is not excluded',
      records: [folderGrant('Calendrier', 'x', 'ReadAny')],
      expected: [{ fields: row('Calendrier', 'x', 'ReadAny') }],
      analyst: [{ fields: { ...row('Calendrier', 'x', 'ReadAny'), MailboxOwnerUPN: VICTIM } }],
    },
    {
      name: 'no client IP: dropped as written, kept by the variant with src "0"',
      records: [folderGrant('Inbox', 'x', 'ReadAny', { ClientIP: '' })],
      expected: [],
      analyst: [{ fields: { ...row('Inbox', 'x', 'ReadAny', '0'), MailboxOwnerUPN: VICTIM } }],
    },
    {
      name: 'a record without a folder name is dropped by object!=',
      records: [mailboxAudit('AddFolderPermissions', { Item: { ParentFolder: { MemberUpn: 'x', MemberRights: 'ReadAny' } } })],
      expected: [],
      analyst: [],
    },
  ];
  test.each(cases)('$name', ({ records, expected, analyst }) => {
    expect(project(run(mailboxFolderReadPermissionAssigned, records), expected)).toEqual(expected);
    expect(project(run(mailboxFolderReadPermissionAssignedAnalyst, records), analyst)).toEqual(analyst);
  });
});

describe('O365 Mailbox Folder Read Permission Granted (cd15c0a8)', () => {
  const grant = (rights: string, operation = 'Add-MailboxFolderPermission') =>
    cmdlet(operation, { Identity: `${VICTIM}:\\Inbox`, User: 'intruder', AccessRights: rights });
  const fields = (rights: string, signature = 'Add-MailboxFolderPermission') => ({
    signature,
    dest: ORG,
    user: ADMIN,
    src: '203.0.113.7:50412',
    vendor_account: ORG,
    vendor_product: EXO,
    Identity: `${VICTIM}:\\Inbox`,
    AccessRights: rights,
  });
  const cases: Case[] = [
    { name: 'Reviewer', records: [grant('Reviewer')], expected: [{ fields: fields('Reviewer'), values: { User: ['intruder'] }, mailboxes: [VICTIM] }] },
    {
      name: 'Set- with Owner',
      records: [grant('Owner', 'Set-MailboxFolderPermission')],
      expected: [{ fields: fields('Owner', 'Set-MailboxFolderPermission') }],
    },
    { name: 'match() is case-sensitive: reviewer does not match', records: [grant('reviewer')], expected: [] },
    { name: 'anchored: a combined value does not match', records: [grant('ReadItems, FolderVisible')], expected: [] },
    { name: 'Editor reads too but is not in the list', records: [grant('Editor')], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(mailboxFolderReadPermissionGranted, records), expected)).toEqual(expected));
});

describe('O365 Mailbox Inbox Folder Shared with All Users (21421896)', () => {
  const cases: Case[] = [
    { name: 'Splunk example: Everyone with FreeBusySimple only is not a read grant', records: [splunkSample(11)], expected: [] },
    {
      name: 'Everyone with ReadAny on Inbox; risk object the mailbox owner',
      records: [folderGrant('inbox', 'everyone', 'ReadAny, FolderVisible')],
      expected: [
        {
          fields: {
            signature: 'ModifyFolderPermissions',
            user: VICTIM,
            dest: ORG,
            vendor_account: ORG,
            vendor_product: EXO,
            object: 'inbox',
            MailboxOwnerUPN: VICTIM,
            'Item.ParentFolder.MemberUpn': 'everyone',
            'Item.ParentFolder.MemberRights': 'ReadAny, FolderVisible',
            src: '198.51.100.9',
          },
          riskObject: VICTIM,
          risk: 56,
        },
      ],
    },
    { name: 'Anonymous is not Everyone', records: [folderGrant('Inbox', 'Anonymous', 'ReadAny')], expected: [] },
    { name: 'Sent Items is not Inbox', records: [folderGrant('Sent Items', 'Everyone', 'ReadAny')], expected: [] },
    { name: 'ReadAny is matched case-sensitively', records: [folderGrant('Inbox', 'Everyone', 'readany')], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(mailboxInboxFolderSharedWithAllUsers, records), expected)).toEqual(expected));
});

describe('O365 ApplicationImpersonation Role Assigned (49cdce75)', () => {
  const fields = (target: string) => ({
    signature: 'New-ManagementRoleAssignment',
    dest: ORG,
    user: ADMIN,
    src: '203.0.113.7:50412',
    vendor_account: ORG,
    vendor_product: EXO,
    target_user: target,
  });
  const cases: Case[] = [
    {
      name: 'to a user',
      records: [cmdlet('New-ManagementRoleAssignment', { Role: 'ApplicationImpersonation', User: 'svc-ews' })],
      expected: [{ fields: fields('svc-ews'), riskObject: 'svc-ews' }],
    },
    {
      name: 'to a group: fillnull makes target_user "0"',
      records: [cmdlet('New-ManagementRoleAssignment', { Role: 'applicationimpersonation', SecurityGroup: 'EWS apps' })],
      expected: [{ fields: fields('0') }],
    },
    {
      name: 'an RBAC-for-Applications role is not this role',
      records: [cmdlet('New-ManagementRoleAssignment', { Role: 'Application Mail.Read', App: 'x' })],
      expected: [],
    },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(applicationImpersonationRoleAssigned, records), expected)).toEqual(expected));
});
