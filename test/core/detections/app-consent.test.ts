import { describe, expect, test } from 'vitest';
import {
  fullAccessAsAppPermissionAssigned,
  fullAccessAsAppPermissionAssignedAnalyst,
  mailboxReadAccessGrantedToApplication,
  mailPermissionedApplicationConsentGrantedByUser,
  privilegedGraphApiPermissionAssigned,
  tenantWideAdminConsentGranted,
} from '../../../src/core/detections/app-consent.ts';
import { ADMIN, APP_ID, consent, grant, ORG, permissionsText, SP_ID, splunkSample, updateApplication } from '../../fixtures/detections/records.ts';
import { project, run, type Case } from './harness.ts';

const AAD = 'Microsoft Office 365 AzureActiveDirectory';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
const MAIL_READ = '810c84a8-4a9e-49e6-bf7d-12d183f40d01';
const FULL_ACCESS = 'dc890d15-9560-4a4c-9b7f-a736ec74ec40';
const USER_READ = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';
const AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)';

const userConsent = (scope: string, extra = {}) => consent(false, permissionsText(grant('Principal', scope)), extra);

describe('O365 Mail Permissioned Application Consent Granted by User (fddad083)', () => {
  const fields = {
    signature: 'Consent to application.',
    dest: ORG,
    user: ADMIN,
    src: '0',
    vendor_account: ORG,
    vendor_product: AAD,
    object: 'MailSyncPro',
    ObjectId: APP_ID,
  };
  const cases: Case[] = [
    {
      name: 'user consent with Mail.Read: every scope token of the first grant listed',
      records: [userConsent(' Mail.Read openid profile offline_access')],
      expected: [{ fields, values: { Scope: ['Mail.Read', 'offline_access', 'openid', 'profile'] }, applications: [SP_ID, APP_ID].sort() }],
    },
    { name: 'Splunk example: admin consent is not a user consent', records: [splunkSample(8)], expected: [] },
    { name: 'SEKOIA ad_2 shape: a user consent without mail scopes', records: [userConsent(' openid profile email offline_access')], expected: [] },
    {
      name: 'only the first grant is read',
      records: [consent(false, permissionsText(grant('Principal', 'openid'), grant('Principal', 'Mail.ReadWrite')))],
      expected: [],
    },
    { name: 'a failed consent is not selected', records: [userConsent(' Mail.Send', { ResultStatus: 'Failure' })], expected: [] },
    { name: 'MailboxSettings.ReadWrite is not in the list', records: [userConsent(' MailboxSettings.ReadWrite')], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) =>
    expect(project(run(mailPermissionedApplicationConsentGrantedByUser, records), expected)).toEqual(expected),
  );
});

describe('O365 Tenant Wide Admin Consent Granted (50eaabf8)', () => {
  const cases: Case[] = [
    {
      name: 'Splunk example: AllPrincipals consent to TestApp2',
      records: [splunkSample(8)],
      expected: [
        {
          fields: {
            user: 'attacker@contoso.onmicrosoft.com',
            object: 'TestApp2',
            ObjectId: '95106c0e-3519-450e-8e38-7f326d873454',
            ConsentType: 'AllPrincipals',
            Scope: 'User.Read',
            dest: '9c00a473-1b2c-4bc2-9215-84df3f57aee5',
            vendor_account: '9c00a473-1b2c-4bc2-9215-84df3f57aee5',
            vendor_product: AAD,
            signature: 'Consent to application.',
            src: '0',
          },
          applications: ['21ad62af-992e-4a9f-b6c1-67aa6c8a6eb4', '95106c0e-3519-450e-8e38-7f326d873454'],
        },
      ],
    },
    { name: 'a per-user consent is not tenant-wide', records: [userConsent(' Mail.Read')], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(tenantWideAdminConsentGranted, records), expected)).toEqual(expected));
});

describe('O365 Mailbox Read Access Granted to Application (27ab61c5)', () => {
  const cases: Case[] = [
    {
      name: 'Splunk example: TestApp2 adds Graph Mail.Read',
      records: [splunkSample(14)],
      expected: [
        {
          fields: {
            signature: 'Update application.',
            user: 'attacker@contoso.onmicrosoft.com',
            dest: '58aee3b9-7433-46a0-b54e-2429487992a0',
            vendor_account: '58aee3b9-7433-46a0-b54e-2429487992a0',
            vendor_product: AAD,
            object: 'TestApp2',
            src: '0',
          },
          values: { EntitlementIds: [MAIL_READ, 'b633e1c5-b582-4048-a93e-9f11b44c7e96', USER_READ] },
          applications: ['95106c0e-3519-450e-8e38-7f326d873454', 'a2d68f8b-ab9f-47ac-934f-b966c3ac134f'],
        },
      ],
    },
    {
      name: 'Mail.Read under the second resource is not seen',
      records: [
        updateApplication([
          { ResourceAppId: EXCHANGE, ids: [FULL_ACCESS] },
          { ResourceAppId: GRAPH, ids: [MAIL_READ] },
        ]),
      ],
      expected: [],
    },
    { name: 'User.Read only', records: [updateApplication([{ ResourceAppId: GRAPH, ids: [USER_READ] }])], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(mailboxReadAccessGrantedToApplication, records), expected)).toEqual(expected));
});

describe('O365 FullAccessAsApp Permission Assigned (01a510b3), as written and the analyst variant', () => {
  const fields = {
    signature: 'Update application.',
    dest: ORG,
    user: ADMIN,
    src: '0',
    vendor_account: ORG,
    vendor_product: AAD,
    object: 'MailSyncPro',
    user_agent: AGENT,
  };
  const cases: (Case & { analyst: Case['expected'] })[] = [
    {
      name: 'Exchange full_access_as_app requested: both',
      records: [updateApplication([{ ResourceAppId: EXCHANGE, ids: [FULL_ACCESS] }])],
      expected: [{ fields, values: { Scope: [] } }],
      analyst: [{ fields: { ...fields, ServicePrincipal: '0' } }],
    },
    {
      name: 'the terms are tested apart: Exchange with another right, dc890d15 under Graph fires as written only',
      records: [
        updateApplication([
          { ResourceAppId: GRAPH, ids: [FULL_ACCESS] },
          { ResourceAppId: EXCHANGE, ids: [USER_READ] },
        ]),
      ],
      expected: [{ fields }],
      analyst: [],
    },
    { name: 'Splunk example: Graph Mail.Read is not full_access_as_app', records: [splunkSample(14)], expected: [], analyst: [] },
    {
      name: 'Splunk example: the grant (app role assignment) is not read as written; the variant alerts',
      records: [splunkSample(2)],
      expected: [],
      analyst: [
        {
          fields: {
            signature: 'Add app role assignment to service principal.',
            dest: '75243ab2-44f8-435c-a7a6-b479385df6d4',
            user: 'LegacyTestOAuthApp',
            src: '0',
            vendor_account: '75243ab2-44f8-435c-a7a6-b479385df6d4',
            vendor_product: AAD,
            object: 'Office 365 Exchange Online',
            user_agent:
              'Mozilla/5.0 (Macintosh; Darwin 23.3.0 Darwin Kernel Version 23.3.0: Wed Dec 20 21:28:58 PST 2023; root:xnu-10002.81.5~7/RELEASE_X86_64; en-US) PowerShell/7.3.4',
            ServicePrincipal: 'STRT_Oauth',
          },
        },
      ],
    },
  ];
  test.each(cases)('$name', ({ records, expected, analyst }) => {
    expect(project(run(fullAccessAsAppPermissionAssigned, records), expected)).toEqual(expected);
    expect(project(run(fullAccessAsAppPermissionAssignedAnalyst, records), analyst)).toEqual(analyst);
  });
});

describe('O365 Privileged Graph API Permission Assigned (868f3131)', () => {
  const cases: Case[] = [
    {
      name: 'RoleManagement.ReadWrite.Directory requested',
      records: [updateApplication([{ ResourceAppId: GRAPH, ids: [USER_READ, '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8'] }])],
      expected: [
        {
          fields: {
            user: ADMIN,
            src: '0',
            object: 'MailSyncPro',
            user_agent: AGENT,
            signature: 'Update application.',
            vendor_account: ORG,
            vendor_product: AAD,
            dest: ORG,
          },
          values: { 'values(Permissions)': ['9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', USER_READ] },
          technique: 'T1003.002',
          risk: 54,
        },
      ],
    },
    { name: 'Splunk example: Mail.Read is not one of the three', records: [splunkSample(14)], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(privilegedGraphApiPermissionAssigned, records), expected)).toEqual(expected));
});
