import { describe, expect, test } from 'vitest';
import {
  emailNewInboxRuleCreated,
  inboxRuleSrc,
  mailboxEmailForwardingEnabled,
  newEmailForwardingRuleCreated,
  newEmailForwardingRuleEnabled,
  newEmailForwardingRuleEnabledAnalyst,
  newForwardingMailflowRuleCreated,
} from '../../../src/core/detections/forwarding.ts';
import { ADMIN, cmdlet, mailboxAudit, ORG, splunkSample, VICTIM } from '../../fixtures/detections/records.ts';
import { project, run, type Case } from './harness.ts';

const EXO = 'Microsoft Office 365 Exchange';

describe('O365 Mailbox Email Forwarding Enabled (0b6bc75c)', () => {
  const setMailbox = (params: Record<string, string>, extra = {}) => cmdlet('Set-Mailbox', { Identity: 'victim@contoso.onmicrosoft.com', ...params }, extra);
  const fields = {
    signature: 'Set-Mailbox',
    dest: ORG,
    user: ADMIN,
    src: '203.0.113.7:50412',
    vendor_account: ORG,
    vendor_product: EXO,
    object: 'victim',
    ObjectId: 'victim',
  };
  const cases: Case[] = [
    { name: 'Splunk example: forwarding cleared (ForwardingAddress "") does not alert', records: [splunkSample(13)], expected: [] },
    {
      name: 'ForwardingSmtpAddress set: one row, smtp: prefix kept, src keeps its port',
      records: [setMailbox({ ForwardingSmtpAddress: 'smtp:drop@attacker.example', DeliverToMailboxAndForward: 'True' })],
      expected: [{ fields, values: { ForwardTo: ['smtp:drop@attacker.example'] }, count: 1 }],
    },
    {
      name: 'both set: coalesce reports ForwardingAddress',
      records: [setMailbox({ ForwardingAddress: 'archive-box', ForwardingSmtpAddress: 'smtp:drop@attacker.example' })],
      expected: [{ fields, values: { ForwardTo: ['archive-box'] } }],
    },
    {
      name: 'no fillnull: a record without ClientIP is dropped',
      records: [setMailbox({ ForwardingSmtpAddress: 'smtp:a@b.example' }, { ClientIP: '' })],
      expected: [],
    },
    { name: 'DeliverToMailboxAndForward alone is not forwarding', records: [setMailbox({ DeliverToMailboxAndForward: 'True' })], expected: [] },
    {
      name: 'operation compared case-insensitively; signature keeps its spelling, so it is a row of its own',
      records: [
        setMailbox({ ForwardingSmtpAddress: 'smtp:z@attacker.example' }, { Operation: 'set-mailbox', CreationTime: '2024-03-01T10:05:00' }),
        setMailbox({ ForwardingSmtpAddress: 'smtp:a@attacker.example' }),
      ],
      expected: [
        { fields, values: { ForwardTo: ['smtp:a@attacker.example'] } },
        { fields: { ...fields, signature: 'set-mailbox' }, values: { ForwardTo: ['smtp:z@attacker.example'] } },
      ],
    },
    {
      name: 'two changes of one mailbox: one row, both addresses, first and last time',
      records: [
        setMailbox({ ForwardingSmtpAddress: 'smtp:z@attacker.example' }, { CreationTime: '2024-03-01T10:05:00' }),
        setMailbox({ ForwardingSmtpAddress: 'smtp:a@attacker.example' }),
      ],
      expected: [
        {
          fields,
          values: { ForwardTo: ['smtp:a@attacker.example', 'smtp:z@attacker.example'] },
          count: 2,
          firstTime: '2024-03-01T10:00:00Z',
          lastTime: '2024-03-01T10:05:00Z',
        },
      ],
    },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(mailboxEmailForwardingEnabled, records), expected)).toEqual(expected));
});

// After SEKOIA-IO/intake-formats `Office 365/o365/tests/inbox_rule.json` (anonymised real New-InboxRule).
const sekoiaInboxRule = (extra = {}) =>
  cmdlet(
    'New-InboxRule',
    {
      ForwardTo: 'bob@example.org',
      Force: 'False',
      AlwaysDeleteOutlookRulesBlob: 'False',
      RedirectTo: 'joe@example.org',
      From: 'alice@example.org',
      Name: 'RULE_NAME',
      DeleteMessage: 'True',
      FromAddressContainsWords: '@example.org',
      MarkAsRead: 'True',
      StopProcessingRules: 'True',
      SubjectOrBodyContainsWords: 'keyword',
      MoveToFolder: 'Historique des conversations',
    },
    { ClientIP: '240.157.135.119:63070', UserId: 'RobertP@example.onmicrosoft.com', AppId: '00000002-0000-0ff1-ce00-000000000000', ...extra },
  );

describe('O365 New Email Forwarding Rule Created (68469fd0)', () => {
  const fields = {
    signature: 'New-InboxRule',
    dest: ORG,
    user: 'RobertP@example.onmicrosoft.com',
    src: '240.157.135.119:63070',
    vendor_account: ORG,
    vendor_product: EXO,
  };
  const cases: Case[] = [
    {
      name: 'ForwardTo and RedirectTo: coalesce reports ForwardTo only',
      records: [sekoiaInboxRule()],
      expected: [{ fields: { ...fields, ForwardTo: 'bob@example.org' }, values: { Name: ['RULE_NAME'] }, count: 1 }],
    },
    {
      name: 'Set-InboxRule with RedirectTo',
      records: [cmdlet('Set-InboxRule', { Identity: 'r1', RedirectTo: 'joe@example.org' })],
      expected: [
        {
          fields: {
            signature: 'Set-InboxRule',
            dest: ORG,
            user: ADMIN,
            src: '203.0.113.7:50412',
            vendor_account: ORG,
            vendor_product: EXO,
            ForwardTo: 'joe@example.org',
          },
          values: { Name: [] },
        },
      ],
    },
    { name: 'a move-only rule does not alert', records: [cmdlet('New-InboxRule', { Name: 'x', MoveToFolder: 'RSS Feeds' })], expected: [] },
    {
      name: 'fillnull: no ClientIP gives src "0"; an empty ForwardAsAttachmentTo gives ForwardTo "0"',
      records: [cmdlet('New-InboxRule', { Name: 'x', ForwardAsAttachmentTo: '' }, { ClientIP: undefined })],
      expected: [{ fields: { signature: 'New-InboxRule', dest: ORG, user: ADMIN, src: '0', vendor_account: ORG, vendor_product: EXO, ForwardTo: '0' } }],
    },
    { name: 'UpdateInboxRules is not this rule', records: [mailboxAudit('UpdateInboxRules')], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(newEmailForwardingRuleCreated, records), expected)).toEqual(expected));
});

// The EWS (ServerRule) format: no public record; written after the OperationProperties shape of real
// UpdateInboxRules records, with a Name-only entry before ServerRule, which the analytic's index-1 relies on.
const serverRule = (recipients: string[]) =>
  JSON.stringify({
    Actions: [
      {
        ActionType: 'Forward',
        Recipients: recipients.map((r) => ({
          Values: [
            { PropTag: 'x3003001F', Value: r },
            { PropTag: 'x3001001F', Value: 'Display' },
          ],
        })),
      },
    ],
  });
const ewsUpdate = (recipients: string[], extra: Record<string, unknown> = {}, nameHasValue = false) =>
  mailboxAudit('UpdateInboxRules', {
    ClientInfoString: 'Client=WebServices;ExchangeWebServices/15.20',
    OperationProperties: [
      { Name: 'RuleOperation', Value: 'AddMailboxRule' },
      nameHasValue ? { Name: 'RuleName', Value: 'fwd' } : { Name: 'RuleName' },
      { Name: 'ServerRule', Value: serverRule(recipients) },
      { Name: 'RuleActionType', Value: 'ForwardToRecipientsAction' },
    ],
    ...extra,
  });
// After SEKOIA `operation_properties_01.json` (Outlook, 2024): RuleActions, no ServerRule, a delegate.
const ruleActions = (actionType: string, recipients: string[], extra: Record<string, unknown> = {}) =>
  mailboxAudit('UpdateInboxRules', {
    ClientIP: '1.2.3.4',
    UserId: 'john.doe@mail.fr',
    MailboxOwnerUPN: 'owner@mail.fr',
    LogonType: 2,
    ClientInfoString: 'Client=MSExchangeRPC',
    OperationProperties: [
      { Name: 'RuleOperation', Value: 'ModifyMailboxRule' },
      { Name: 'RuleId', Value: '-123' },
      { Name: 'RuleState', Value: 'Enabled' },
      { Name: 'RuleCondition', Value: '{(Exists(ItemClass))}' },
      { Name: 'RuleName' },
      { Name: 'RuleProvider', Value: 'RuleOrganizer' },
      { Name: 'RuleActions', Value: JSON.stringify([{ ActionType: actionType, Recipients: recipients, ForwardFlags: 'None' }]) },
    ],
    ...extra,
  });

describe('O365 New Email Forwarding Rule Enabled (ac7c4d0a), as written and the analyst variant', () => {
  const escu = (user: string, to: string) => ({
    signature: 'UpdateInboxRules',
    dest: ORG,
    user,
    src: '198.51.100.9',
    vendor_account: ORG,
    vendor_product: EXO,
    ForwardTo: to,
  });
  const sekoia = ['john.doe@mail.fr', 'user@email.fr', 'asmithee@mailbox.fr', 'user.name@mail.fr'];
  const cases: (Case & { analyst: Case['expected'] })[] = [
    {
      name: 'EWS ServerRule forwarding: the address, not the display name',
      records: [ewsUpdate(['attacker@evil.example'])],
      expected: [{ fields: escu(VICTIM, 'attacker@evil.example'), count: 1 }],
      analyst: [{ fields: { ...escu(VICTIM, 'attacker@evil.example'), MailboxOwnerUPN: VICTIM }, count: 1 }],
    },
    {
      name: 'positional pick: a RuleName with a Value shifts index-1 onto it, so the analytic finds no recipient',
      records: [ewsUpdate(['attacker@evil.example'], {}, true)],
      expected: [],
      analyst: [{ fields: { ...escu(VICTIM, 'attacker@evil.example'), MailboxOwnerUPN: VICTIM } }],
    },
    {
      name: '2024+ RuleActions format: missed as written, four rows in the analyst variant',
      records: [ruleActions('Forward', sekoia)],
      expected: [],
      analyst: sekoia
        .slice()
        .sort()
        .map((to) => ({
          fields: {
            signature: 'UpdateInboxRules',
            dest: ORG,
            user: 'john.doe@mail.fr',
            src: '1.2.3.4',
            vendor_account: ORG,
            vendor_product: EXO,
            MailboxOwnerUPN: 'owner@mail.fr',
            ForwardTo: to,
          },
        })),
    },
    {
      name: 'global dedup: two mailboxes forwarding to one address make one row, the newest user',
      records: [
        ewsUpdate(['attacker@evil.example'], {
          UserId: 'alice@contoso.onmicrosoft.com',
          MailboxOwnerUPN: 'alice@contoso.onmicrosoft.com',
          CreationTime: '2024-03-01T10:00:00',
        }),
        ewsUpdate(['attacker@evil.example'], {
          UserId: 'bob@contoso.onmicrosoft.com',
          MailboxOwnerUPN: 'bob@contoso.onmicrosoft.com',
          CreationTime: '2024-03-01T11:00:00',
        }),
      ],
      expected: [{ fields: escu('bob@contoso.onmicrosoft.com', 'attacker@evil.example'), firstTime: '2024-03-01T11:00:00Z' }],
      analyst: [
        { fields: { ...escu('alice@contoso.onmicrosoft.com', 'attacker@evil.example'), MailboxOwnerUPN: 'alice@contoso.onmicrosoft.com' } },
        { fields: { ...escu('bob@contoso.onmicrosoft.com', 'attacker@evil.example'), MailboxOwnerUPN: 'bob@contoso.onmicrosoft.com' } },
      ],
    },
    { name: 'DeferAction (SEKOIA operation_properties_03 shape) is not forwarding', records: [ruleActions('DeferAction', [])], expected: [], analyst: [] },
    { name: '"*@*.*" needs a dot after the @', records: [ewsUpdate(['ops@localhost'])], expected: [], analyst: [] },
    { name: 'Workload must be Exchange', records: [ewsUpdate(['attacker@evil.example'], { Workload: 'OneDrive' })], expected: [], analyst: [] },
    {
      name: 'rule removals are skipped by the variant',
      records: [ruleActions('Forward', ['x@evil.example'], {})].map((r) => ({
        ...r,
        OperationProperties: [
          { Name: 'RuleOperation', Value: 'RemoveMailboxRule' },
          { Name: 'RuleActions', Value: '[{"ActionType":"Forward","Recipients":["x@evil.example"]}]' },
        ],
      })),
      expected: [],
      analyst: [],
    },
  ];
  test.each(cases)('$name', ({ records, expected, analyst }) => {
    expect(project(run(newEmailForwardingRuleEnabled, records), expected)).toEqual(expected);
    expect(project(run(newEmailForwardingRuleEnabledAnalyst, records), analyst)).toEqual(analyst);
  });
});

describe('O365 New Forwarding Mailflow Rule Created (289ed0a1)', () => {
  const fields = (to: string) => ({
    user: ADMIN,
    Name: 'Compliance copy',
    ForwardTo: to,
    vendor_account: ORG,
    vendor_product: EXO,
    dest: ORG,
    signature: 'New-TransportRule',
  });
  const cases: Case[] = [
    {
      name: 'BlindCopyTo',
      records: [cmdlet('New-TransportRule', { Name: 'Compliance copy', BlindCopyTo: 'collect@evil.example', SentToScope: 'InOrganization' })],
      expected: [{ fields: fields('collect@evil.example') }],
    },
    {
      name: 'BlindCopyTo before RedirectMessageTo',
      records: [cmdlet('New-TransportRule', { Name: 'Compliance copy', RedirectMessageTo: 'r@evil.example', BlindCopyTo: 'b@evil.example' })],
      expected: [{ fields: fields('b@evil.example') }],
    },
    {
      name: 'Set-TransportRule is not covered',
      records: [cmdlet('Set-TransportRule', { Name: 'Compliance copy', BlindCopyTo: 'b@evil.example' })],
      expected: [],
    },
    {
      name: 'an encryption rule (OME doc shape) does not alert',
      records: [cmdlet('New-TransportRule', { Name: 'Encrypt', ApplyRightsProtectionTemplate: 'Encrypt' })],
      expected: [],
    },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(newForwardingMailflowRuleCreated, records), expected)).toEqual(expected));
});

describe('O365 Email New Inbox Rule Created (449f525a)', () => {
  const cases: Case[] = [
    {
      name: 'SEKOIA inbox rule: every parameter name as action, both recipients, the folder, src without port',
      records: [sekoiaInboxRule()],
      expected: [
        {
          fields: { user: 'robertp@example.onmicrosoft.com', signature: 'New-InboxRule', desc: 'RULE_NAME' },
          values: {
            action: [
              'AlwaysDeleteOutlookRulesBlob',
              'DeleteMessage',
              'Force',
              'ForwardTo',
              'From',
              'FromAddressContainsWords',
              'MarkAsRead',
              'MoveToFolder',
              'Name',
              'RedirectTo',
              'StopProcessingRules',
              'SubjectOrBodyContainsWords',
            ],
            src: ['240.157.135.119'],
            recipient: ['bob@example.org', 'joe@example.org'],
            file_path: ['Historique des conversations'],
          },
          count: 1,
        },
      ],
    },
    { name: 'mark-as-read only is not selected', records: [cmdlet('New-InboxRule', { Name: 'x', MarkAsRead: 'True' })], expected: [] },
    { name: 'no fillnull: a rule without Name is dropped', records: [cmdlet('New-InboxRule', { DeleteMessage: 'True' })], expected: [] },
    { name: 'Workload must be Exchange', records: [sekoiaInboxRule({ Workload: undefined })], expected: [] },
  ];
  test.each(cases)('$name', ({ records, expected }) => expect(project(run(emailNewInboxRuleCreated, records), expected)).toEqual(expected));

  test.each([
    ['1.2.3.4:63070', '1.2.3.4'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1]'],
    ['2603:10b6::7', '2603'],
    ['1.2.3.4', '1.2.3.4'],
  ])('src as the analytic writes it: %s -> %s', (ip, src) => expect(inboxRuleSrc(ip)).toBe(src));
});
